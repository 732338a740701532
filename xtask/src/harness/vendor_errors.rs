//! Examples in the corpus specs that contradict the spec's own schema,
//! each with its pointer and why. Slack's leave out members its schemas
//! require or use other types; Twilio's write numbers as strings
//! (`"-0.0025"`) where its schemas say `type: number`.

pub const SLACK: &[(&str, &str)] = &[
    (
        "#/paths/~1admin.conversations.getTeams/get/responses/200/examples/application~1json",
        "leaves out `team_ids`, which the schema requires",
    ),
    (
        "#/paths/~1admin.conversations.search/get/responses/200/examples/application~1json",
        "leaves out `members`, which the schema requires",
    ),
    (
        "#/paths/~1chat.scheduleMessage/post/responses/200/examples/application~1json",
        "leaves out `team`, which the schema requires",
    ),
    (
        "#/paths/~1chat.scheduledMessages.list/get/responses/200/examples/application~1json",
        "has integer `1298393284` where the schema says a string",
    ),
    (
        "#/paths/~1conversations.history/get/responses/200/examples/application~1json",
        "leaves out `channel_actions_count`, which the schema requires",
    ),
    (
        "#/paths/~1conversations.setPurpose/post/responses/200/examples/application~1json",
        "leaves out `channel`, which the schema requires",
    ),
    (
        "#/paths/~1conversations.setTopic/post/responses/200/examples/application~1json",
        "leaves out `channel`, which the schema requires",
    ),
    (
        "#/paths/~1dnd.endSnooze/post/responses/200/examples/application~1json",
        "leaves out `dnd_enabled`, which the schema requires",
    ),
    (
        "#/paths/~1dnd.info/get/responses/200/examples/application~1json",
        "leaves out `dnd_enabled`, which the schema requires",
    ),
    (
        "#/paths/~1dnd.setSnooze/post/responses/200/examples/application~1json",
        "leaves out `snooze_enabled`, which the schema requires",
    ),
    (
        "#/paths/~1files.revokePublicURL/post/responses/200/examples/application~1json",
        "leaves out `file`, which the schema requires",
    ),
    (
        "#/paths/~1files.sharedPublicURL/post/responses/200/examples/application~1json",
        "leaves out `file`, which the schema requires",
    ),
    (
        "#/paths/~1oauth.access/get/responses/200/examples/application~1json",
        "leaves out `ok`, which the schema requires",
    ),
    (
        "#/paths/~1reminders.add/post/responses/200/examples/application~1json",
        "leaves out `reminder`, which the schema requires",
    ),
    (
        "#/paths/~1reminders.info/get/responses/200/examples/application~1json",
        "leaves out `reminder`, which the schema requires",
    ),
    (
        "#/paths/~1reminders.list/get/responses/200/examples/application~1json",
        "leaves out `reminders`, which the schema requires",
    ),
    (
        "#/paths/~1stars.list/get/responses/200/examples/application~1json",
        "leaves out `items`, which the schema requires",
    ),
    (
        "#/paths/~1team.integrationLogs/get/responses/200/examples/application~1json",
        "leaves out `logs`, which the schema requires",
    ),
    (
        "#/paths/~1team.profile.get/get/responses/200/examples/application~1json",
        "has integer `1` where the schema says a boolean",
    ),
    (
        "#/paths/~1usergroups.create/post/responses/200/examples/application~1json",
        "leaves out `usergroup`, which the schema requires",
    ),
    (
        "#/paths/~1usergroups.disable/post/responses/200/examples/application~1json",
        "leaves out `usergroup`, which the schema requires",
    ),
    (
        "#/paths/~1usergroups.enable/post/responses/200/examples/application~1json",
        "leaves out `usergroup`, which the schema requires",
    ),
    (
        "#/paths/~1usergroups.list/get/responses/200/examples/application~1json",
        "has the string `2` where the schema says an integer",
    ),
    (
        "#/paths/~1usergroups.update/post/responses/200/examples/application~1json",
        "leaves out `auto_provision`, which the schema requires",
    ),
    (
        "#/paths/~1usergroups.users.update/post/responses/200/examples/application~1json",
        "leaves out `auto_provision`, which the schema requires",
    ),
    (
        "#/paths/~1users.profile.get/get/responses/200/examples/application~1json",
        "leaves out `phone`, which the schema requires",
    ),
    (
        "#/paths/~1users.profile.set/post/responses/200/examples/application~1json",
        "leaves out `phone`, which the schema requires",
    ),
    (
        "#/paths/~1users.setPhoto/post/responses/200/examples/application~1json",
        "leaves out `profile`, which the schema requires",
    ),
];

pub const TWILIO: &[(&str, &str)] = &[
    (
        "#/paths/~12010-04-01~1Accounts~1{AccountSid}~1AvailablePhoneNumbers~1{CountryCode}~1Local.json/get/responses/200/content/application~1json/examples/readFull/value",
        "has the string `19.720000` where the schema says a number",
    ),
    (
        "#/paths/~12010-04-01~1Accounts~1{AccountSid}~1Calls~1{CallSid}~1Recordings.json/get/responses/200/content/application~1json/examples/readFull/value",
        "has the string `-0.0025` where the schema says a number",
    ),
    (
        "#/paths/~12010-04-01~1Accounts~1{AccountSid}~1Calls~1{CallSid}~1Recordings~1{Sid}.json/get/responses/200/content/application~1json/examples/fetch/value",
        "has the string `-0.0025` where the schema says a number",
    ),
    (
        "#/paths/~12010-04-01~1Accounts~1{AccountSid}~1Recordings~1{RecordingSid}~1Transcriptions~1{Sid}.json/get/responses/200/content/application~1json/examples/fetch/value",
        "has the string `0.00000` where the schema says a number",
    ),
    (
        "#/paths/~12010-04-01~1Accounts~1{AccountSid}~1Recordings~1{RecordingSid}~1Transcriptions.json/get/responses/200/content/application~1json/examples/readFull/value",
        "has the string `0.00000` where the schema says a number",
    ),
    (
        "#/paths/~12010-04-01~1Accounts~1{AccountSid}~1Transcriptions~1{Sid}.json/get/responses/200/content/application~1json/examples/fetch/value",
        "has the string `-0.05000` where the schema says a number",
    ),
    (
        "#/paths/~12010-04-01~1Accounts~1{AccountSid}~1Transcriptions.json/get/responses/200/content/application~1json/examples/readFull/value",
        "has the string `0.00000` where the schema says a number",
    ),
    (
        "#/paths/~12010-04-01~1Accounts~1{AccountSid}~1Usage~1Records.json/get/responses/200/content/application~1json/examples/readFull/value",
        "has the string `2192.84855` where the schema says a number",
    ),
    (
        "#/paths/~12010-04-01~1Accounts~1{AccountSid}~1Usage~1Records~1AllTime.json/get/responses/200/content/application~1json/examples/readFull/value",
        "has the string `0` where the schema says a number",
    ),
    (
        "#/paths/~12010-04-01~1Accounts~1{AccountSid}~1Usage~1Records~1Daily.json/get/responses/200/content/application~1json/examples/readFull/value",
        "has the string `0` where the schema says a number",
    ),
    (
        "#/paths/~12010-04-01~1Accounts~1{AccountSid}~1Usage~1Records~1LastMonth.json/get/responses/200/content/application~1json/examples/readFull/value",
        "has the string `0` where the schema says a number",
    ),
    (
        "#/paths/~12010-04-01~1Accounts~1{AccountSid}~1Usage~1Records~1Monthly.json/get/responses/200/content/application~1json/examples/readFull/value",
        "has the string `0` where the schema says a number",
    ),
    (
        "#/paths/~12010-04-01~1Accounts~1{AccountSid}~1Usage~1Records~1ThisMonth.json/get/responses/200/content/application~1json/examples/readFull/value",
        "has the string `0` where the schema says a number",
    ),
    (
        "#/paths/~12010-04-01~1Accounts~1{AccountSid}~1Usage~1Records~1Today.json/get/responses/200/content/application~1json/examples/readFull/value",
        "has the string `0` where the schema says a number",
    ),
    (
        "#/paths/~12010-04-01~1Accounts~1{AccountSid}~1Usage~1Records~1Yearly.json/get/responses/200/content/application~1json/examples/readFull/value",
        "has the string `0` where the schema says a number",
    ),
    (
        "#/paths/~12010-04-01~1Accounts~1{AccountSid}~1Usage~1Records~1Yesterday.json/get/responses/200/content/application~1json/examples/readFull/value",
        "has the string `0` where the schema says a number",
    ),
];
