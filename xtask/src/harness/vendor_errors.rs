//! Examples in the corpus specs that contradict the spec's own schema, each
//! with the contradiction: where in the example, and what. Slack's leave out
//! members its schemas require or use other types; Twilio's write numbers as
//! strings (`"-0.0025"`) where its schemas say `type: number`. The examples
//! test accepts an example's failure only when it is the listed one.

/// An example that contradicts its spec's schema.
#[derive(Debug)]
pub struct VendorError {
    /// Where the example is in the spec: its JSON pointer.
    pub example: &'static str,
    /// Where in the example the contradiction is: the path of members and
    /// indexes from the example's root (`.` for the root itself), as
    /// `serde_path_to_error` writes it.
    pub at: &'static str,
    pub contradiction: Contradiction,
}

/// What the example does that the schema does not allow.
#[derive(Debug)]
pub enum Contradiction {
    /// It leaves out this member, which the schema requires.
    Missing(&'static str),
    /// It has a value of another type than the schema's: the value, and the
    /// type the schema makes, both in serde's words (`string "0"`, `f64`).
    WrongType { found: &'static str, expected: &'static str },
}

impl Contradiction {
    /// The error decoding the example gives, as serde words it.
    pub fn message(&self) -> String {
        match self {
            Contradiction::Missing(member) => format!("missing field `{member}`"),
            Contradiction::WrongType { found, expected } => {
                format!("invalid type: {found}, expected {expected}")
            }
        }
    }
}

/// An example that leaves out the member `member` of the object at `at`.
const fn missing(example: &'static str, at: &'static str, member: &'static str) -> VendorError {
    VendorError { example, at, contradiction: Contradiction::Missing(member) }
}

/// An example with the value `found` at `at`, where the schema makes `expected`.
const fn wrong_type(
    example: &'static str,
    at: &'static str,
    found: &'static str,
    expected: &'static str,
) -> VendorError {
    VendorError { example, at, contradiction: Contradiction::WrongType { found, expected } }
}

pub const SLACK: &[VendorError] = &[
    missing(
        "#/paths/~1admin.conversations.getTeams/get/responses/200/examples/application~1json",
        ".",
        "team_ids",
    ),
    missing(
        "#/paths/~1admin.conversations.search/get/responses/200/examples/application~1json",
        "channels[0]",
        "members",
    ),
    missing(
        "#/paths/~1chat.scheduleMessage/post/responses/200/examples/application~1json",
        "message",
        "team",
    ),
    wrong_type(
        "#/paths/~1chat.scheduledMessages.list/get/responses/200/examples/application~1json",
        "scheduled_messages[0].id",
        "integer `1298393284`",
        "a string",
    ),
    missing(
        "#/paths/~1conversations.history/get/responses/200/examples/application~1json",
        ".",
        "channel_actions_count",
    ),
    missing(
        "#/paths/~1conversations.setPurpose/post/responses/200/examples/application~1json",
        ".",
        "channel",
    ),
    missing("#/paths/~1conversations.setTopic/post/responses/200/examples/application~1json", ".", "channel"),
    missing("#/paths/~1dnd.endSnooze/post/responses/200/examples/application~1json", ".", "dnd_enabled"),
    missing("#/paths/~1dnd.info/get/responses/200/examples/application~1json", ".", "dnd_enabled"),
    missing("#/paths/~1dnd.setSnooze/post/responses/200/examples/application~1json", ".", "snooze_enabled"),
    missing("#/paths/~1files.revokePublicURL/post/responses/200/examples/application~1json", ".", "file"),
    missing("#/paths/~1files.sharedPublicURL/post/responses/200/examples/application~1json", ".", "file"),
    missing("#/paths/~1oauth.access/get/responses/200/examples/application~1json", ".", "ok"),
    missing("#/paths/~1reminders.add/post/responses/200/examples/application~1json", ".", "reminder"),
    missing("#/paths/~1reminders.info/get/responses/200/examples/application~1json", ".", "reminder"),
    missing("#/paths/~1reminders.list/get/responses/200/examples/application~1json", ".", "reminders"),
    missing("#/paths/~1stars.list/get/responses/200/examples/application~1json", ".", "items"),
    missing("#/paths/~1team.integrationLogs/get/responses/200/examples/application~1json", ".", "logs"),
    wrong_type(
        "#/paths/~1team.profile.get/get/responses/200/examples/application~1json",
        "profile.fields[0].is_hidden",
        "integer `1`",
        "a boolean",
    ),
    missing("#/paths/~1usergroups.create/post/responses/200/examples/application~1json", ".", "usergroup"),
    missing("#/paths/~1usergroups.disable/post/responses/200/examples/application~1json", ".", "usergroup"),
    missing("#/paths/~1usergroups.enable/post/responses/200/examples/application~1json", ".", "usergroup"),
    wrong_type(
        "#/paths/~1usergroups.list/get/responses/200/examples/application~1json",
        "usergroups[0].user_count",
        "string \"2\"",
        "i64",
    ),
    missing(
        "#/paths/~1usergroups.update/post/responses/200/examples/application~1json",
        "usergroup",
        "auto_provision",
    ),
    missing(
        "#/paths/~1usergroups.users.update/post/responses/200/examples/application~1json",
        "usergroup",
        "auto_provision",
    ),
    missing("#/paths/~1users.profile.get/get/responses/200/examples/application~1json", "profile", "phone"),
    missing("#/paths/~1users.profile.set/post/responses/200/examples/application~1json", "profile", "phone"),
    missing("#/paths/~1users.setPhoto/post/responses/200/examples/application~1json", ".", "profile"),
];

pub const TWILIO: &[VendorError] = &[
    wrong_type(
        "#/paths/~12010-04-01~1Accounts~1{AccountSid}~1AvailablePhoneNumbers~1{CountryCode}~1Local.json/get/responses/200/content/application~1json/examples/readFull/value",
        "available_phone_numbers[0].latitude",
        "string \"19.720000\"",
        "f64",
    ),
    wrong_type(
        "#/paths/~12010-04-01~1Accounts~1{AccountSid}~1Calls~1{CallSid}~1Recordings.json/get/responses/200/content/application~1json/examples/readFull/value",
        "recordings[0].price",
        "string \"-0.0025\"",
        "f64",
    ),
    wrong_type(
        "#/paths/~12010-04-01~1Accounts~1{AccountSid}~1Calls~1{CallSid}~1Recordings~1{Sid}.json/get/responses/200/content/application~1json/examples/fetch/value",
        "price",
        "string \"-0.0025\"",
        "f64",
    ),
    wrong_type(
        "#/paths/~12010-04-01~1Accounts~1{AccountSid}~1Recordings~1{RecordingSid}~1Transcriptions~1{Sid}.json/get/responses/200/content/application~1json/examples/fetch/value",
        "price",
        "string \"0.00000\"",
        "f64",
    ),
    wrong_type(
        "#/paths/~12010-04-01~1Accounts~1{AccountSid}~1Recordings~1{RecordingSid}~1Transcriptions.json/get/responses/200/content/application~1json/examples/readFull/value",
        "transcriptions[0].price",
        "string \"0.00000\"",
        "f64",
    ),
    wrong_type(
        "#/paths/~12010-04-01~1Accounts~1{AccountSid}~1Transcriptions~1{Sid}.json/get/responses/200/content/application~1json/examples/fetch/value",
        "price",
        "string \"-0.05000\"",
        "f64",
    ),
    wrong_type(
        "#/paths/~12010-04-01~1Accounts~1{AccountSid}~1Transcriptions.json/get/responses/200/content/application~1json/examples/readFull/value",
        "transcriptions[0].price",
        "string \"0.00000\"",
        "f64",
    ),
    wrong_type(
        "#/paths/~12010-04-01~1Accounts~1{AccountSid}~1Usage~1Records.json/get/responses/200/content/application~1json/examples/readFull/value",
        "usage_records[0].price",
        "string \"2192.84855\"",
        "f64",
    ),
    wrong_type(
        "#/paths/~12010-04-01~1Accounts~1{AccountSid}~1Usage~1Records~1AllTime.json/get/responses/200/content/application~1json/examples/readFull/value",
        "usage_records[0].price",
        "string \"0\"",
        "f64",
    ),
    wrong_type(
        "#/paths/~12010-04-01~1Accounts~1{AccountSid}~1Usage~1Records~1Daily.json/get/responses/200/content/application~1json/examples/readFull/value",
        "usage_records[0].price",
        "string \"0\"",
        "f64",
    ),
    wrong_type(
        "#/paths/~12010-04-01~1Accounts~1{AccountSid}~1Usage~1Records~1LastMonth.json/get/responses/200/content/application~1json/examples/readFull/value",
        "usage_records[0].price",
        "string \"0\"",
        "f64",
    ),
    wrong_type(
        "#/paths/~12010-04-01~1Accounts~1{AccountSid}~1Usage~1Records~1Monthly.json/get/responses/200/content/application~1json/examples/readFull/value",
        "usage_records[0].price",
        "string \"0\"",
        "f64",
    ),
    wrong_type(
        "#/paths/~12010-04-01~1Accounts~1{AccountSid}~1Usage~1Records~1ThisMonth.json/get/responses/200/content/application~1json/examples/readFull/value",
        "usage_records[0].price",
        "string \"0\"",
        "f64",
    ),
    wrong_type(
        "#/paths/~12010-04-01~1Accounts~1{AccountSid}~1Usage~1Records~1Today.json/get/responses/200/content/application~1json/examples/readFull/value",
        "usage_records[0].price",
        "string \"0\"",
        "f64",
    ),
    wrong_type(
        "#/paths/~12010-04-01~1Accounts~1{AccountSid}~1Usage~1Records~1Yearly.json/get/responses/200/content/application~1json/examples/readFull/value",
        "usage_records[0].price",
        "string \"0\"",
        "f64",
    ),
    wrong_type(
        "#/paths/~12010-04-01~1Accounts~1{AccountSid}~1Usage~1Records~1Yesterday.json/get/responses/200/content/application~1json/examples/readFull/value",
        "usage_records[0].price",
        "string \"0\"",
        "f64",
    ),
];
