//! Operations of the swept specs that cannot conform for a reason outside
//! this project, each checked by hand: the vendor's spec contradicts itself,
//! or Prism's validator rejects a request the OpenAPI specification allows
//! (with the request and the part of the specification that allows it).
//! Each entry names the operation, the failure (a part of what every failing
//! call of it reports) and why; the sweep fails when an entry's operation
//! conforms or fails otherwise ([`super::outcome::check`]).

/// Operations that fail for one reason outside this project.
#[derive(Debug)]
pub struct Listed {
    /// The operations in the spec: `#/paths/~1pets/get`.
    pub operations: &'static [&'static str],
    pub kind: Kind,
    /// A part of what each failing call of the operations reports.
    pub error: &'static str,
    /// Why it is not ours to fix.
    pub reason: &'static str,
}

/// Whose the failure is.
#[derive(Debug)]
pub enum Kind {
    /// The vendor's spec contradicts itself; the reason says where.
    Vendor,
    /// Prism rejects a request the OpenAPI specification allows.
    PrismValidator {
        /// What each failing call's request, as sent, looks like.
        request: Request,
        /// The part of the OpenAPI specification that makes it valid.
        allowed_by: &'static str,
    },
    /// Prism accepts the request but cannot answer as the spec says: it
    /// cannot make up the response, or makes up one that leads nowhere. An
    /// error Prism answers with (5xx) counts only when its log shows that it
    /// found the request valid first.
    PrismMock,
}

/// The request of a call that a limit of Prism's validator fails.
#[derive(Debug)]
pub enum Request {
    /// It holds this text (as sent: percent-encoded where it was).
    Contains(&'static str),
    /// Each object Prism says lacks a member is a `deepObject` value the
    /// request leaves out, or sends with that member
    /// ([`super::deep_object`]).
    DeepObjectMisread,
}

/// The array API (`spec/array-api.yaml`).
pub const ARRAY_API: &[Listed] = &[];

/// Box (`tests/corpus/box.json`).
pub const BOX: &[Listed] = &[
    Listed {
        operations: &["#/paths/~1oauth2~1revoke/post"],
        kind: Kind::Vendor,
        error: "Request body must have required property 'grant_type'",
        reason: "PostOAuth2Revoke requires `grant_type`, which it does not declare (its properties are client_id, \
                 client_secret and token): a client typed from the schema has no field for it, so no form with \
                 fields set is valid",
    },
    Listed {
        operations: &["#/paths/~1files~1{file_id}/put"],
        kind: Kind::Vendor,
        error: "Request body property lock must have required property 'type'",
        reason: "`lock` requires `type`, which it does not declare (its properties are access, expires_at and \
                 is_download_prevented): no lock a typed client writes is valid",
    },
    Listed {
        operations: &["#/paths/~1invites/post"],
        kind: Kind::Vendor,
        error: "Request body property actionable_by must have required property 'id'",
        reason: "`actionable_by` requires `id`, which it does not declare (its one property is login): no invitee \
                 a typed client writes is valid",
    },
    Listed {
        operations: &["#/paths/~1files~1content/post", "#/paths/~1files~1{file_id}~1content/post"],
        kind: Kind::PrismValidator {
            request: Request::Contains("name=\"attributes\"\r\nContent-Type: application/json\r\n\r\n{\""),
            allowed_by: "OpenAPI 3.0.3, Encoding Object, `contentType`: in a multipart/form-data body the \
                         default for an object property is application/json, so the part holds the object as \
                         JSON; Prism takes every part as text and validates the text against the object schema",
        },
        error: "Request body property attributes must be object",
        reason: "the `attributes` part is sent as JSON, as OpenAPI says and as Box reads it",
    },
    Listed {
        operations: &[
            "#/paths/~1collaborations/get",
            "#/paths/~1collaborations/post",
            "#/paths/~1collaborations~1{collaboration_id}/get",
            "#/paths/~1collaborations~1{collaboration_id}/put",
            "#/paths/~1files~1{file_id}~1collaborations/get",
            "#/paths/~1folders~1{folder_id}~1collaborations/get",
            "#/paths/~1groups~1{group_id}~1collaborations/get",
        ],
        kind: Kind::Vendor,
        error: "created_by[0]`: invalid type: map",
        reason: "Prism answers with the example Box gives for `Collaboration.created_by` \
                 (#/components/schemas/Collaboration/properties/created_by/allOf/2/example), a list of four \
                 one-member objects, where the schema (User--Collaborations) is one object",
    },
    Listed {
        operations: &["#/paths/~1search/get"],
        kind: Kind::Vendor,
        error: "Request query parameter mdfilters.0 must be object",
        reason: "`mdfilters` is a list of objects in the query with the default `style: form`, which OpenAPI \
                 defines for primitives, lists of primitives and objects only: the generator types it as a \
                 string, the client sends the list as JSON (what Box's service reads), and no form-style reader \
                 gets objects back",
    },
    Listed {
        operations: &["#/paths/~1shared_items#app_items/get"],
        kind: Kind::Vendor,
        error: "missing field `application_type`",
        reason: "the path `/shared_items#app_items` is `GET /shared_items` on the wire (a `#` starts the URL's \
                 fragment, which is not sent), the same request as the operation at `/shared_items`, whose file \
                 or folder Prism answers with",
    },
];

/// Oxide's nexus (`tests/corpus/oxide-nexus.json`).
pub const OXIDE: &[Listed] = &[
    Listed {
        operations: &[
            "#/paths/~1device~1auth/post",
            "#/paths/~1device~1token/post",
            "#/paths/~1organizations~1{organization_name}~1projects~1{project_name}~1instances~1{instance_name}~1serial-console~1stream/get",
            "#/paths/~1organizations~1{organization_name}~1projects~1{project_name}~1instances~1{instance_name}~1serial-console~1stream_v2/get",
            "#/paths/~1v1~1instances~1{instance}~1serial-console~1stream/get",
        ],
        kind: Kind::PrismValidator {
            request: Request::Contains("accept: application/json"),
            allowed_by: "OpenAPI 3.0.3, Response Object, `content`: the key is a media type or a media type \
                         range, so `*/*` includes application/json; Prism compares the `Accept` header with `*/*` \
                         as if it were one media type, finds no match, and answers 406",
        },
        error: "Unable to find content for application/json",
        reason: "the only responses are `default` (the device flow) or a 101 (a WebSocket upgrade), with \
                 content `*/*`",
    },
    Listed {
        operations: &["#/paths/~1login~1{silo_name}~1local/post"],
        kind: Kind::PrismMock,
        error: "hasn't been found in the specification file",
        reason: "the documented answer is a 303 to the console, whose `location` header is a string: Prism \
                 sends its sample string, `string`, and the client, which follows redirects within the API's \
                 origin, goes on to `/login/aaa/string`, which no operation serves",
    },
    Listed {
        operations: &[
            "#/paths/~1login~1{silo_name}~1saml~1{provider_name}/get",
            "#/paths/~1login~1{silo_name}~1saml~1{provider_name}/post",
        ],
        kind: Kind::PrismMock,
        error: "error following redirect",
        reason: "the documented answer is a redirect to the identity provider, whose `location` header is a \
                 string: Prism sends its sample string, `string`, which resolves to `/login/aaa/saml/string`, \
                 the same operation, which redirects again until the client gives up",
    },
];

/// Slack's Web API (`tests/corpus/slack-web.swagger2.json`): its failures
/// are the response examples listed in `harness/vendor_errors.rs`.
pub const SLACK: &[Listed] = &[];

/// What Prism makes of a list in a URL-encoded body.
const FORM_LIST: &str = "OpenAPI 3.0.3, Encoding Object: a property of an \
     application/x-www-form-urlencoded body without an encoding has `style: form` and `explode: true`, so a \
     list is one `name=value` pair per item (what Twilio reads); Prism keeps the last pair of each name as a \
     string and rejects it as not a list (stoplightio/prism#2473)";

/// Twilio's API v2010 (`tests/corpus/twilio-api-v2010.json`): besides the
/// response examples listed in `harness/vendor_errors.rs`, the forms with
/// lists.
pub const TWILIO: &[Listed] = &[
    Listed {
        operations: &["#/paths/~12010-04-01~1Accounts~1{AccountSid}~1Calls.json/post"],
        kind: Kind::PrismValidator { request: Request::Contains("&StatusCallbackEvent=sample&"), allowed_by: FORM_LIST },
        error: "Request body property StatusCallbackEvent must be array",
        reason: "StatusCallbackEvent and RecordingStatusCallbackEvent are lists",
    },
    Listed {
        operations: &["#/paths/~12010-04-01~1Accounts~1{AccountSid}~1Calls~1{CallSid}~1Recordings.json/post"],
        kind: Kind::PrismValidator { request: Request::Contains("RecordingStatusCallbackEvent=sample&"), allowed_by: FORM_LIST },
        error: "Request body property RecordingStatusCallbackEvent must be array",
        reason: "RecordingStatusCallbackEvent is a list",
    },
    Listed {
        operations: &["#/paths/~12010-04-01~1Accounts~1{AccountSid}~1ConnectApps~1{Sid}.json/post"],
        kind: Kind::PrismValidator { request: Request::Contains("&Permissions=get-all"), allowed_by: FORM_LIST },
        error: "Request body property Permissions must be array",
        reason: "Permissions is a list",
    },
    Listed {
        operations: &["#/paths/~12010-04-01~1Accounts~1{AccountSid}~1Messages.json/post"],
        kind: Kind::PrismValidator { request: Request::Contains("&PersistentAction=sample&"), allowed_by: FORM_LIST },
        error: "Request body property PersistentAction must be array",
        reason: "PersistentAction and MediaUrl are lists",
    },
    Listed {
        operations: &["#/paths/~12010-04-01~1Accounts~1{AccountSid}~1Conferences~1{ConferenceSid}~1Participants.json/post"],
        kind: Kind::PrismValidator { request: Request::Contains("&StatusCallbackEvent=sample&"), allowed_by: FORM_LIST },
        error: "Request body property StatusCallbackEvent must be array",
        reason: "StatusCallbackEvent, ConferenceStatusCallbackEvent and RecordingStatusCallbackEvent are lists",
    },
];

/// Stripe (`tests/corpus/stripe-spec3.json`): every request conforms to
/// the spec; what fails is Prism, its reader of `deepObject` form fields and
/// query parameters, and the responses it would have to make up.
pub const STRIPE: &[Listed] = &[
    Listed {
        operations: &[
        "#/paths/~1v1~1billing_portal~1configurations/post",
        "#/paths/~1v1~1checkout~1sessions/post",
        "#/paths/~1v1~1files/post",
        "#/paths/~1v1~1invoiceitems/post",
        "#/paths/~1v1~1invoices~1upcoming/get",
        "#/paths/~1v1~1invoices~1upcoming~1lines/get",
        "#/paths/~1v1~1issuing~1cardholders/post",
        "#/paths/~1v1~1issuing~1cards/post",
        "#/paths/~1v1~1orders/post",
        "#/paths/~1v1~1payment_intents/post",
        "#/paths/~1v1~1plans/post",
        "#/paths/~1v1~1prices/post",
        "#/paths/~1v1~1products/post",
        "#/paths/~1v1~1shipping_rates/post",
        "#/paths/~1v1~1skus/post",
        "#/paths/~1v1~1subscription_items/post",
        "#/paths/~1v1~1subscriptions/post",
        "#/paths/~1v1~1terminal~1readers~1{reader}~1set_reader_display/post",
        ],
        kind: Kind::PrismValidator {
            request: Request::DeepObjectMisread,
            allowed_by: "OpenAPI 3.0.3, Parameter Object `required` and Schema Object `required`: a parameter or \
                         form field that is not required may be left out; and a value is read by its whole \
                         schema, `anyOf` included (JSON Schema Validation, 6.7.2). Prism's deepObject reader \
                         builds the value from the schema's `type` alone, so it makes an empty object of one the \
                         request leaves out, and reads no member whose schema is an `anyOf`",
        },
        error: "must have required property",
        reason: "each object Prism says lacks a member is one the call leaves out (an optional field or query \
                 parameter), or sends with that member (Stripe's lists that may also be `\"\"`, an anyOf)",
    },
    Listed {
        operations: &[
        "#/paths/~1v1~1checkout~1sessions/post",
        "#/paths/~1v1~1credit_notes/post",
        "#/paths/~1v1~1customers/post",
        "#/paths/~1v1~1customers~1{customer}~1subscriptions/post",
        "#/paths/~1v1~1customers~1{customer}~1subscriptions~1{subscription_exposed_id}/post",
        "#/paths/~1v1~1orders/post",
        "#/paths/~1v1~1payment_links/post",
        "#/paths/~1v1~1payment_links~1{payment_link}/post",
        "#/paths/~1v1~1plans/post",
        "#/paths/~1v1~1prices/post",
        "#/paths/~1v1~1quotes/post",
        "#/paths/~1v1~1quotes~1{quote}/post",
        "#/paths/~1v1~1subscription_schedules/post",
        "#/paths/~1v1~1subscription_schedules~1{schedule}/post",
        "#/paths/~1v1~1subscriptions/post",
        "#/paths/~1v1~1subscriptions~1{subscription_exposed_id}/post",
        ],
        kind: Kind::PrismValidator {
            request: Request::Contains("%5B0%5D%5B"),
            allowed_by: "OpenAPI 3.0.3, Encoding Object: Stripe gives these fields `style: deepObject`, which \
                         writes an object's members as name[key]=value and leaves lists inside it undefined; \
                         Stripe's API reads list items numbered (items[0][price]=p, what Stripe's own libraries \
                         send); Prism asks for each item as JSON text, which neither OpenAPI nor Stripe says",
        },
        error: "Cannot deserialize JSON object array in form data request body",
        reason: "the field is a list of objects, sent as Stripe reads it",
    },
    Listed {
        operations: &[
        "#/paths/~1v1~1invoices/get",
        "#/paths/~1v1~1invoices/post",
        "#/paths/~1v1~1invoices~1search/get",
        "#/paths/~1v1~1invoices~1upcoming/get",
        "#/paths/~1v1~1invoices~1{invoice}/get",
        "#/paths/~1v1~1invoices~1{invoice}/post",
        "#/paths/~1v1~1invoices~1{invoice}~1finalize/post",
        "#/paths/~1v1~1invoices~1{invoice}~1mark_uncollectible/post",
        "#/paths/~1v1~1invoices~1{invoice}~1pay/post",
        "#/paths/~1v1~1invoices~1{invoice}~1send/post",
        "#/paths/~1v1~1invoices~1{invoice}~1void/post",
        "#/paths/~1v1~1payment_intents/get",
        "#/paths/~1v1~1payment_intents/post",
        "#/paths/~1v1~1payment_intents~1search/get",
        "#/paths/~1v1~1payment_intents~1{intent}/get",
        "#/paths/~1v1~1payment_intents~1{intent}/post",
        "#/paths/~1v1~1payment_intents~1{intent}~1apply_customer_balance/post",
        "#/paths/~1v1~1payment_intents~1{intent}~1cancel/post",
        "#/paths/~1v1~1payment_intents~1{intent}~1capture/post",
        "#/paths/~1v1~1payment_intents~1{intent}~1confirm/post",
        "#/paths/~1v1~1payment_intents~1{intent}~1increment_authorization/post",
        "#/paths/~1v1~1payment_intents~1{intent}~1verify_microdeposits/post",
        "#/paths/~1v1~1setup_attempts/get",
        "#/paths/~1v1~1setup_intents/get",
        "#/paths/~1v1~1setup_intents/post",
        "#/paths/~1v1~1setup_intents~1{intent}/get",
        "#/paths/~1v1~1setup_intents~1{intent}/post",
        "#/paths/~1v1~1setup_intents~1{intent}~1cancel/post",
        "#/paths/~1v1~1setup_intents~1{intent}~1confirm/post",
        "#/paths/~1v1~1setup_intents~1{intent}~1verify_microdeposits/post",
        ],
        kind: Kind::PrismMock,
        error: "Cannot read properties of undefined (reading 'items')",
        reason: "Prism finds the request valid (its log says so for each call) but cannot make up the response: \
                 its examples written from a schema stop at 2,500 schema nodes (\"The schema is too complex to \
                 generate\"), and asked for a generated body instead (`Prefer: dynamic=true`), json-schema-faker \
                 fails on the schema with a TypeError",
    },
];
