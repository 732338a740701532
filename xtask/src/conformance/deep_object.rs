//! What Prism's reader of `deepObject` values (form fields and query
//! parameters) gets wrong, checked against the request as sent: it builds
//! the value from the schema's `type` alone, so an object the request
//! leaves out becomes an empty one (which then lacks its required members),
//! and a member whose schema is an `anyOf` (Stripe's lists that may also be
//! `""`) is never read (so it is missing, though sent).

/// What Prism says of an object that lacks a member, after the object's
/// place (`Request body property shipping.address`).
const LACKS: &str = " must have required property '";

/// Where the places of Prism's messages start: form fields and query
/// parameters.
const PLACES: [&str; 2] = ["Request body property ", "Request query parameter "];

/// Whether every violation in the first line of `problem` is an object Prism
/// says lacks a member, and each is either left out of `request` entirely or
/// sent with that member: what Prism's `deepObject` reader gets wrong. False
/// when there is no such violation, or any other.
pub fn misread(problem: &str, request: &str) -> bool {
    let names = pair_names(request);
    let violations = problem.lines().next().unwrap_or_default();
    let mut any = false;
    for violation in violations.split("; ") {
        let Some((object, member)) = lacking(violation) else { return false };
        let sent =
            |name: &str| names.iter().any(|sent| sent == name || sent.starts_with(&format!("{name}[")));
        if sent(&object) && !sent(&format!("{object}[{member}]")) {
            return false;
        }
        any = true;
    }
    any
}

/// The object (as its pairs name it, `shipping[address]`) and the member a
/// violation says it lacks.
fn lacking(violation: &str) -> Option<(String, String)> {
    let (start, place) = PLACES.iter().find_map(|place| Some((violation.find(place)?, place)))?;
    let rest = &violation[start + place.len()..];
    let (path, rest) = rest.split_once(LACKS)?;
    let (member, _) = rest.split_once('\'')?;
    let mut parts = path.split('.');
    let mut object = parts.next()?.to_owned();
    for part in parts {
        object.push_str(&format!("[{part}]"));
    }
    Some((object, member.to_owned()))
}

/// The names of the pairs of the query and the URL-encoded body of a
/// request as the recorder shows it, brackets decoded.
fn pair_names(request: &str) -> Vec<String> {
    let query = request
        .lines()
        .next()
        .and_then(|line| line.split(' ').nth(1)?.split_once('?'))
        .map(|(_, query)| query);
    let body = request.split_once("\n\n").or_else(|| request.split_once("\r\n\r\n")).map(|(_, body)| body);
    query
        .into_iter()
        .chain(body)
        .flat_map(|pairs| pairs.trim().split('&'))
        .filter_map(|pair| pair.split('=').next())
        .filter(|name| !name.is_empty())
        .map(|name| name.replace("%5B", "[").replace("%5D", "]"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const ABSENT: &str = "Prism rejects the request, and fails to answer (500): Request body property shipping must \
        have required property 'name'; Request body property shipping.address must have required property 'city'\n    \
        body: {}";

    #[test]
    fn an_object_left_out_is_misread() {
        let request =
            "POST /v1/orders HTTP/1.1\ncontent-type: application/x-www-form-urlencoded\n\ncurrency=usd";
        assert!(misread(ABSENT, request));
        let sent = "POST /v1/orders HTTP/1.1\n\ncurrency=usd&shipping%5Baddress%5D%5Bline1%5D=x";
        assert!(!misread(ABSENT, sent), "shipping is sent without `city`: Prism is right");
    }

    #[test]
    fn a_member_sent_is_misread() {
        let problem = "Prism rejects the request, and fails to answer (500): Request body property \
            features.customer_update must have required property 'allowed_updates'";
        let request =
            "POST /v1/x HTTP/1.1\n\nfeatures%5Bcustomer_update%5D%5Ballowed_updates%5D%5B0%5D=email\
            &features%5Bcustomer_update%5D%5Benabled%5D=true";
        assert!(misread(problem, request));
        let query =
            "Prism rejects the request, and fails to answer (500): Request query parameter automatic_tax \
            must have required property 'enabled'";
        assert!(misread(query, "GET /v1/invoices/upcoming?customer=c HTTP/1.1\n\n"));
        assert!(!misread(query, "GET /v1/invoices/upcoming?automatic_tax%5Bx%5D=1 HTTP/1.1\n\n"));
    }

    #[test]
    fn any_other_violation_is_not() {
        let other =
            format!("{}; Request body property amount must be integer", ABSENT.lines().next().unwrap());
        assert!(!misread(&other, "POST /v1/orders HTTP/1.1\n\ncurrency=usd"));
        assert!(!misread(
            "Prism rejects the request (422): Body parameter is required",
            "POST / HTTP/1.1\n\n"
        ));
    }
}
