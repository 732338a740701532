//! Form fields as their encoding says: `deepObject` fields with numbered
//! list items at every depth, and an object in a multipart body as one part
//! of JSON.

mod common;

use common::{answering, header, only_request};
use fixture_form_encodings::{Client, models};
use wiremock::ResponseTemplate;

#[tokio::test]
async fn deep_object_fields_number_their_list_items() {
    let server =
        answering(ResponseTemplate::new(200).set_body_json(serde_json::json!({"id": "sub_1"})))
            .await;
    let client = Client::builder(server.uri()).build().expect("client");
    let items = vec![
        models::CreateSubscriptionItemsItem::new("price_a")
            .quantity(2)
            .tax_rates(["txr_1".to_owned()]),
        models::CreateSubscriptionItemsItem::new("price_b"),
    ];
    let metadata = [("plan".to_owned(), "pro".to_owned())].into_iter().collect();
    client
        .create_subscription("cus_1", items)
        .expand(["customer", "latest_invoice"])
        .metadata(metadata)
        .tags(["a", "b"])
        .await
        .expect("decodes");
    let request = only_request(&server).await;
    assert_eq!(header(&request, "content-type"), "application/x-www-form-urlencoded");
    let body = std::str::from_utf8(&request.body).unwrap().replace("%5B", "[").replace("%5D", "]");
    assert_eq!(
        body,
        "customer=cus_1&items[0][price]=price_a&items[0][quantity]=2&items[0][tax_rates][0]=txr_1\
         &items[1][price]=price_b&expand[0]=customer&expand[1]=latest_invoice&metadata[plan]=pro&tags=a&tags=b"
    );
}

#[tokio::test]
async fn a_multipart_object_is_a_part_of_json() {
    let server = answering(ResponseTemplate::new(201)).await;
    let client = Client::builder(server.uri()).build().expect("client");
    let attributes = models::UploadFileAttributes::new("report.pdf")
        .parent(models::UploadFileAttributesParent::new().id("0"));
    client.upload_file(attributes, b"%PDF".to_vec()).await.expect("sent");
    let request = only_request(&server).await;
    let content_type = header(&request, "content-type");
    let boundary = content_type.strip_prefix("multipart/form-data; boundary=").expect("multipart");
    let expected = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"attributes\"\r\nContent-Type: application/json\r\n\r\n\
         {{\"name\":\"report.pdf\",\"parent\":{{\"id\":\"0\"}}}}\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"file\"\r\n\
         Content-Type: application/octet-stream\r\n\r\n%PDF\r\n--{boundary}--\r\n"
    );
    assert_eq!(std::str::from_utf8(&request.body).unwrap(), expected);
}
