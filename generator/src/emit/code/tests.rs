//! Layouts checked against what rustfmt (1.8, `use_small_heuristics = "Max"`) makes of the same
//! code: each expected text below is rustfmt's output.

use super::*;

fn lines(expr: &Expr, indent: usize, tail: &str) -> String {
    layout(expr, indent, "", tail).join("\n")
}

#[test]
fn a_call_with_an_only_struct_argument_keeps_the_call_on_its_line() {
    let fields = vec![
        ("namespace".to_owned(), Expr::atom("namespace.into()")),
        ("array".to_owned(), Expr::atom("array.into()")),
        ("x".to_owned(), Expr::atom("None")),
    ];
    let call =
        Expr::method("self", "request", vec![Expr::Struct("requests::GetArrayMetadata".to_owned(), fields)]);
    let expected = "        self.request(requests::GetArrayMetadata {
            namespace: namespace.into(),
            array: array.into(),
            x: None,
        })";
    assert_eq!(lines(&call, 8, ""), expected);
}

#[test]
fn one_call_goes_below_its_receiver_when_it_fits_there_and_breaks_its_arguments_otherwise() {
    let below = Expr::method(
        "request",
        "query",
        vec![
            Expr::atom("\"with_metadata_very_long_name_here_and_there\""),
            Expr::atom("self.with_metadata_very.as_ref()"),
        ],
    );
    let expected = "        request
            .query(\"with_metadata_very_long_name_here_and_there\", self.with_metadata_very.as_ref());";
    assert_eq!(lines(&below, 8, ";"), expected);
    let broken = Expr::method(
        "request",
        "header",
        vec![
            Expr::atom("\"X-TILEDB-CLOUD-ACCESS-CREDENTIALS-NAME\""),
            Expr::atom("self.x_tiledb_cloud_access_credentials_name.as_ref()"),
        ],
    );
    let expected = "        request.header(
            \"X-TILEDB-CLOUD-ACCESS-CREDENTIALS-NAME\",
            self.x_tiledb_cloud_access_credentials_name.as_ref(),
        );";
    assert_eq!(lines(&broken, 8, ";"), expected);
}

#[test]
fn an_only_call_argument_overflows() {
    let credential = Expr::call(
        "Credential::Header",
        vec![
            Expr::atom("\"X-TILEDB-REST-API-KEY-THAT-IS-LONGER-STILL\""),
            Expr::call("Secret::new", vec![Expr::atom("key")]),
        ],
    );
    let expected = "        self.credential(Credential::Header(
            \"X-TILEDB-REST-API-KEY-THAT-IS-LONGER-STILL\",
            Secret::new(key),
        ))";
    assert_eq!(lines(&Expr::method("self", "credential", vec![credential]), 8, ""), expected);
}

#[test]
fn a_right_hand_side_moves_to_the_next_line_when_it_fits_there() {
    let code = |lhs: &str, rhs: Expr| assignment(8, lhs, &rhs, ";").join("\n");
    let expected = "        self.op.x_tiledb_cloud_access_credentials_name =
            Some(x_tiledb_cloud_access_credentials_name.into());";
    let rhs = Expr::atom("Some(x_tiledb_cloud_access_credentials_name.into())");
    assert_eq!(code("self.op.x_tiledb_cloud_access_credentials_name =", rhs), expected);
    let fields = vec![
        ("name".to_owned(), Expr::atom("\"get_array_metadata\"")),
        ("authenticated".to_owned(), Expr::atom("true")),
    ];
    let expected = "    const ENDPOINT: &'static Endpoint = &Endpoint {
        name: \"get_array_metadata\",
        authenticated: true,
        template: \"/arrays/{namespace}/{array}/metadata/and/then/some/more/to/make/it/long\",
    };";
    let mut fields = fields;
    fields.push((
        "template".to_owned(),
        Expr::atom("\"/arrays/{namespace}/{array}/metadata/and/then/some/more/to/make/it/long\""),
    ));
    let endpoint = Expr::Struct("&Endpoint".to_owned(), fields);
    assert_eq!(assignment(4, "const ENDPOINT: &'static Endpoint =", &endpoint, ";").join("\n"), expected);
}

#[test]
fn a_closure_whose_body_does_not_fit_gets_a_block_and_long_arms_break() {
    let arm = |status: &str, method: &str, args: Vec<Expr>, map: &str| {
        let links = vec![
            Link { method: method.to_owned(), args, tried: true },
            Link { method: "map".to_owned(), args: vec![Expr::atom(map)], tried: false },
        ];
        (status.to_owned(), Expr::Chain("response".to_owned(), links))
    };
    let text = || vec![Expr::atom("\"text/plain; charset=utf-8\"")];
    let arms = vec![
        arm("201", "json", vec![], "SubmitJobOutcome::Created"),
        arm("202", "text", text(), "SubmitJobOutcomeWithALongName::AcceptedAndQueued"),
        ("_".to_owned(), Expr::atom("return response.unexpected_status()")),
    ];
    let body = Expr::Block(vec![(
        Expr::call("Ok", vec![Expr::Match("response.status().as_u16()".to_owned(), arms)]),
        "",
    )]);
    let read = Expr::Closure("|response|".to_owned(), Box::new(body));
    let expected = "    const READ: Reader<Self::Output> = |response| {
        Ok(match response.status().as_u16() {
            201 => response.json()?.map(SubmitJobOutcome::Created),
            202 => response
                .text(\"text/plain; charset=utf-8\")?
                .map(SubmitJobOutcomeWithALongName::AcceptedAndQueued),
            _ => return response.unexpected_status(),
        })
    };";
    assert_eq!(assignment(4, "const READ: Reader<Self::Output> =", &read, ";").join("\n"), expected);
}

#[test]
fn long_arms_go_into_a_block_when_they_fit_there() {
    let serialize = Expr::call(
        "crate::runtime::tagged::serialize",
        ["value", "\"petType\"", "&[\"cat\", \"kitty\"]", "serializer"].map(Expr::atom).to_vec(),
    );
    let expected = "        Self::Cat(value) => {
            crate::runtime::tagged::serialize(value, \"petType\", &[\"cat\", \"kitty\"], serializer)
        }";
    assert_eq!(arm(8, "Self::Cat(value)", &serialize).join("\n"), expected);
}

/// Found by the hostile spec, whose tags and property names are long strings: rustfmt breaks the
/// slice and the call around a string too long for any line, as it breaks shorter ones.
#[test]
fn strings_too_long_for_a_line_still_break_their_slice_and_call() {
    let long = format!("\"cat{}\"", "x".repeat(120));
    let serialize = Expr::call(
        "crate::runtime::tagged::serialize",
        vec![
            Expr::atom("value"),
            Expr::atom("\"kind\""),
            Expr::Slice(vec![Expr::atom(long.clone())]),
            Expr::atom("serializer"),
        ],
    );
    let expected = format!(
        "            Self::Cat(value) => crate::runtime::tagged::serialize(
                value,
                \"kind\",
                &[
                    {long},
                ],
                serializer,
            ),"
    );
    assert_eq!(arm(12, "Self::Cat(value)", &serialize).join("\n"), expected);
    let read = Expr::call(
        "crate::runtime::tagged::read",
        vec![Expr::atom("deserializer"), Expr::atom(long.clone())],
    );
    let expected = format!(
        "        let (tag, value) = crate::runtime::tagged::read(
            deserializer,
            {long},
        )?;"
    );
    assert_eq!(assignment(8, "let (tag, value) =", &read, "?;").join("\n"), expected);
}

#[test]
fn use_lists_and_attributes_fill_or_break_as_rustfmt_does() {
    let mut code = Code::new("header");
    code.use_list(
        "pub use runtime::",
        &[
            "ApiError",
            "ApiResponse",
            "Client",
            "ClientBuilder",
            "Credential",
            "DecodeError",
            "Error",
            "ErrorBody",
            "RetryPolicy",
            "Secret",
        ],
    );
    code.attr(
        "serde",
        &[
            "rename = \"someVeryLongPropertyNameThatGoesOnAndOn\"".to_owned(),
            "skip_serializing_if = \"Option::is_none\"".to_owned(),
        ],
    );
    let expected = "// header
pub use runtime::{
    ApiError, ApiResponse, Client, ClientBuilder, Credential, DecodeError, Error, ErrorBody,
    RetryPolicy, Secret,
};
#[serde(
    rename = \"someVeryLongPropertyNameThatGoesOnAndOn\",
    skip_serializing_if = \"Option::is_none\"
)]
";
    assert_eq!(code.finish(), expected);
}

#[test]
fn long_return_types_break_as_rustfmt_breaks_them() {
    let mut code = Code::new("header");
    code.open("impl Server");
    for (name, ret) in [
        ("w", "Mock<'_, requests::TeamsAddOrUpdateMembership, models::TeamsAddOrUpdateMembershipBody>"),
        (
            "x",
            "Mock<'_, requests::PatchNamespacedVolumeClaim, serde_json::Map<String, serde_json::Value>>",
        ),
        (
            "y",
            "Mock<'_, requests::PatchNamespacedVolumeClaimAbcdefgh, std::collections::BTreeMap<String, Vec<models::SomeVeryLongModelName>>>",
        ),
    ] {
        code.open_fn(&format!("pub fn {name}"), &["&self".to_owned()], Some(ret));
        code.line("self.mock(&[])");
        code.close("");
    }
    code.close("");
    // What rustfmt 1.95 makes of the methods written on one line each.
    let expected = "// header
impl Server {
    pub fn w(
        &self,
    ) -> Mock<'_, requests::TeamsAddOrUpdateMembership, models::TeamsAddOrUpdateMembershipBody>
    {
        self.mock(&[])
    }
    pub fn x(
        &self,
    ) -> Mock<'_, requests::PatchNamespacedVolumeClaim, serde_json::Map<String, serde_json::Value>>
    {
        self.mock(&[])
    }
    pub fn y(
        &self,
    ) -> Mock<
        '_,
        requests::PatchNamespacedVolumeClaimAbcdefgh,
        std::collections::BTreeMap<String, Vec<models::SomeVeryLongModelName>>,
    > {
        self.mock(&[])
    }
}
";
    assert_eq!(code.finish(), expected);
}
