//! One small document per quirk of real feeds (SPEC §2.2) and per rejection case.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Write;

use conector_core::CodedError;
use conector_feed::{
    parse_reader, Availability, CollectItems, CurrencyCount, FeedCurrency, FeedError, FeedFormat,
    FeedSummary, Item, NotAFeed, ProblemKind, ReadOptions,
};

fn parse(bytes: &[u8]) -> Result<(FeedSummary, Vec<Item>), FeedError> {
    let mut items = CollectItems::default();
    let summary = parse_reader(bytes, None, &ReadOptions::default(), &mut items)?;
    Ok((summary, items.0))
}

fn rss(items: &str) -> String {
    format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" xmlns:g=\"http://base.google.com/ns/1.0\"><channel><title>Loja</title>{items}</channel></rss>")
}

fn item(fields: &str) -> String {
    format!("<item>{fields}</item>")
}

fn rejected(bytes: &[u8]) -> NotAFeed {
    match parse(bytes) {
        Err(FeedError::NotAFeed(kind)) => kind,
        other => panic!("expected a rejection, got {other:?}"),
    }
}

#[test]
fn fields_with_and_without_the_g_prefix() {
    let doc = rss(&[
        item("<g:id>A1</g:id><title>Sem prefixo</title><link>https://loja.com.br/a1</link><g:price>10.00 BRL</g:price><g:availability>in_stock</g:availability>"),
        item("<g:id>B2</g:id><g:title>Com prefixo</g:title><g:link>https://loja.com.br/b2</g:link><g:price>20.00 BRL</g:price>"),
        item("<id>C3</id><title>Tudo sem</title><price>30,00</price><image_link>https://loja.com.br/c3.jpg</image_link>"),
    ]
    .concat());
    let (s, items) = parse(doc.as_bytes()).unwrap();
    assert_eq!(s.items, 3);
    assert_eq!(items[0].title, "Sem prefixo");
    assert_eq!(items[1].title, "Com prefixo");
    assert_eq!(items[1].link, "https://loja.com.br/b2");
    assert_eq!((items[2].id.as_str(), items[2].price_cents), ("C3", 3000));
}

#[test]
fn cdata_and_escaped_html_descriptions_become_plain_text() {
    let doc = rss(&[
        item("<g:id>1</g:id><g:price>1 BRL</g:price><description><![CDATA[<p>Caneca <b>linda</b> &amp; útil</p><ul><li>350 ml</li></ul>]]></description>"),
        item("<g:id>2</g:id><g:price>1 BRL</g:price><g:description>&lt;p&gt;Camiseta &amp;amp; bon&amp;eacute;&lt;/p&gt;&lt;br&gt;Algod&#227;o</g:description>"),
    ]
    .concat());
    let (_, items) = parse(doc.as_bytes()).unwrap();
    assert_eq!(items[0].description, "Caneca linda & útil\n350 ml");
    assert_eq!(items[1].description, "Camiseta & boné\nAlgodão");
}

#[test]
fn whitespace_and_newlines_around_urls_are_trimmed() {
    let doc = rss(&item("<g:id>1</g:id><g:price>1 BRL</g:price><link>\n   https://loja.com.br/p?a=1&amp;b=2  \n</link><g:image_link>\t https://cdn.loja.com.br/1.jpg\n</g:image_link>"));
    let (s, items) = parse(doc.as_bytes()).unwrap();
    assert_eq!(items[0].link, "https://loja.com.br/p?a=1&b=2");
    assert_eq!(items[0].image_link, "https://cdn.loja.com.br/1.jpg");
    assert!(
        !s.problems
            .iter()
            .any(|p| matches!(p.kind, ProblemKind::MalformedUrl | ProblemKind::RelativeUrl)),
        "{:?}",
        s.problems
    );
}

#[test]
fn every_price_format_reads_as_cents() {
    let prices = ["99.90 BRL", "R$ 99,90", "1.299,90", "R$ 1.299,90", "42"];
    let items: String = prices
        .iter()
        .enumerate()
        .map(|(i, p)| item(&format!("<g:id>{i}</g:id><g:price>{p}</g:price>")))
        .collect();
    let (_, items) = parse(rss(&items).as_bytes()).unwrap();
    let cents: Vec<i64> = items.iter().map(|i| i.price_cents).collect();
    assert_eq!(cents, [9990, 9990, 129_990, 129_990, 4200]);
    assert_eq!(items[1].currency.as_deref(), Some("BRL"));
    assert_eq!(items[4].currency, None);
}

#[test]
fn empty_elements_are_absent_values() {
    let doc = rss(&item("<g:id>1</g:id><g:price>5.00 BRL</g:price><g:sale_price></g:sale_price><g:brand/><g:item_group_id>  </g:item_group_id>"));
    let (s, items) = parse(doc.as_bytes()).unwrap();
    assert_eq!(items[0].sale_price_cents, None);
    assert_eq!(items[0].brand, None);
    assert_eq!(items[0].item_group_id, None);
    assert_eq!((s.with_sale_price, s.variant_groups), (0, 0));
}

#[test]
fn availability_spellings_and_unknown_values() {
    let values = [
        "in_stock",
        "in stock",
        "Em estoque",
        "out of stock",
        "preorder",
        "talvez amanhã",
    ];
    let items: String = values
        .iter()
        .enumerate()
        .map(|(i, a)| {
            item(&format!(
                "<g:id>{i}</g:id><g:price>1</g:price><g:availability>{a}</g:availability>"
            ))
        })
        .collect();
    let (s, items) = parse(rss(&items).as_bytes()).unwrap();
    assert_eq!(s.in_stock, 3);
    assert_eq!(items[3].availability, Availability::OutOfStock);
    assert_eq!(items[5].availability, Availability::Unknown);
    assert_eq!(items[5].availability_raw.as_deref(), Some("talvez amanhã"));
    assert_eq!(s.items, 6, "an unknown availability keeps the item");
    assert!(s
        .problems
        .iter()
        .any(|p| p.kind == ProblemKind::UnknownAvailability && p.position == 6));
}

#[test]
fn nested_shipping_and_installment_prices_are_not_the_product_price() {
    let doc = rss(&item(
        "<g:id>1</g:id>\
         <g:shipping><g:country>BR</g:country><g:price>15.00 BRL</g:price></g:shipping>\
         <g:installment><g:months>10</g:months><g:amount>19.99 BRL</g:amount></g:installment>\
         <g:installments><g:price>1.00 BRL</g:price></g:installments>\
         <g:price>199.90 BRL</g:price>",
    ));
    let (_, items) = parse(doc.as_bytes()).unwrap();
    assert_eq!(items[0].price_cents, 19_990);
    let only_shipping = rss(&item(
        "<g:id>2</g:id><g:shipping><g:price>15.00 BRL</g:price></g:shipping>",
    ));
    assert_eq!(
        rejected(only_shipping.as_bytes()),
        NotAFeed::NoUsableItems,
        "a shipping price alone is no price"
    );
}

#[test]
fn utf8_bom_latin1_and_missing_namespace() {
    let mut bom = b"\xef\xbb\xbf".to_vec();
    bom.extend_from_slice(
        rss(&item(
            "<g:id>1</g:id><g:price>1</g:price><title>Pão</title>",
        ))
        .as_bytes(),
    );
    assert_eq!(parse(&bom).unwrap().1[0].title, "Pão");

    let mut latin1 = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss xmlns:g=\"http://base.google.com/ns/1.0\"><channel><item><g:id>1</g:id><g:price>1</g:price><title>Cora\xe7\xe3o de Ma\xe7\xe3</title></item></channel></rss>".to_vec();
    latin1.push(b'\n');
    assert_eq!(parse(&latin1).unwrap().1[0].title, "Coração de Maçã");

    let no_ns = "<rss version=\"2.0\"><channel><item><g:id>1</g:id><g:price>1 BRL</g:price></item></channel></rss>";
    assert_eq!(parse(no_ns.as_bytes()).unwrap().0.items, 1);
}

#[test]
fn gzip_is_detected_by_magic_bytes() {
    let doc = rss(&item("<g:id>1</g:id><g:price>1</g:price>"));
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(doc.as_bytes()).unwrap();
    let (s, _) = parse(&gz.finish().unwrap()).unwrap();
    assert_eq!(s.items, 1);
}

#[test]
fn atom_entries_with_link_href() {
    let doc = "<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\" xmlns:g=\"http://base.google.com/ns/1.0\"><title>Loja</title>\
        <entry><g:id>A</g:id><title>Bolsa</title><link rel=\"alternate\" href=\"https://loja.com.br/bolsa\"/><g:price>80 BRL</g:price><summary>Couro</summary></entry></feed>";
    let (s, items) = parse(doc.as_bytes()).unwrap();
    assert_eq!(s.format, FeedFormat::Atom);
    assert_eq!(items[0].link, "https://loja.com.br/bolsa");
    assert_eq!(items[0].description, "Couro");
}

#[test]
fn skipped_and_flagged_items_are_counted_with_positions() {
    let doc = rss(&[
        item("<g:title>Sem id</g:title><g:price>1</g:price>"),
        item("<g:id>X</g:id><g:title>Sem preço</g:title>"),
        item("<g:id>Y</g:id><g:price>sob consulta</g:price>"),
        item("<g:id>Z</g:id><g:price>1</g:price><g:image_link>/img/z.jpg</g:image_link><g:availability>in_stock</g:availability>"),
        item("<g:id>Z</g:id><g:price>2</g:price><g:title>Repetido</g:title>"),
        item("<g:id>W</g:id><g:price>3</g:price><g:link>ht tp:/quebrado</g:link>"),
    ]
    .concat());
    let (s, items) = parse(doc.as_bytes()).unwrap();
    assert_eq!((s.items, s.skipped), (2, 4));
    assert_eq!(items[0].price_cents, 100, "the first Z is kept");
    let at = |kind| {
        s.problems
            .iter()
            .find(|p| p.kind == kind)
            .map(|p| p.position)
    };
    assert_eq!(at(ProblemKind::MissingId), Some(1));
    assert_eq!(at(ProblemKind::MissingPrice), Some(2));
    assert_eq!(at(ProblemKind::UnreadablePrice), Some(3));
    assert_eq!(at(ProblemKind::RelativeUrl), Some(4));
    assert_eq!(at(ProblemKind::DuplicateId), Some(5));
    assert_eq!(at(ProblemKind::MalformedUrl), Some(6));
    assert_eq!(at(ProblemKind::MissingTitle), Some(4));
}

#[test]
fn the_problem_list_is_capped_but_every_problem_is_counted() {
    let items: String = (0..500)
        .map(|i| item(&format!("<g:id>{i}</g:id><g:price>1</g:price>")))
        .collect();
    let options = ReadOptions {
        max_problems: 10,
        ..ReadOptions::default()
    };
    let summary = parse_reader(
        rss(&items).as_bytes(),
        None,
        &options,
        &mut CollectItems::default(),
    )
    .unwrap();
    assert_eq!(summary.problems.len(), 10);
    // Each item lacks a title, an image and an availability.
    assert_eq!(summary.problems_total, 1500);
}

#[test]
fn variant_groups_count_distinct_groups_of_kept_items() {
    let doc = rss(&[
        item("<g:id>1</g:id><g:price>1</g:price><g:item_group_id>G1</g:item_group_id>"),
        item("<g:id>2</g:id><g:price>1</g:price><g:item_group_id>G1</g:item_group_id>"),
        item("<g:id>3</g:id><g:price>1</g:price><g:item_group_id>G2</g:item_group_id>"),
        item("<g:id>4</g:id><g:item_group_id>G3</g:item_group_id>"),
    ]
    .concat());
    let summary = parse(doc.as_bytes()).unwrap().0;
    assert_eq!(summary.variant_groups, 2);
    assert_eq!(
        summary.multi_variant_groups,
        Some(1),
        "only G1 has two products"
    );
}

#[test]
fn a_feed_mixing_currencies_says_which_and_how_many() {
    let doc = rss(&[
        item("<g:id>1</g:id><g:price>10.00 BRL</g:price>"),
        item("<g:id>2</g:id><g:price>R$ 12,00</g:price>"),
        item("<g:id>3</g:id><g:price>9.00 EUR</g:price>"),
        item("<g:id>4</g:id><g:price>15</g:price>"),
    ]
    .concat());
    let summary = parse(doc.as_bytes()).unwrap().0;
    assert_eq!(
        summary.currency,
        Some(FeedCurrency::Mixed {
            counts: vec![
                CurrencyCount {
                    code: "BRL".into(),
                    items: 3
                },
                CurrencyCount {
                    code: "EUR".into(),
                    items: 1
                },
            ]
        })
    );
    let reais = rss(&item("<g:id>1</g:id><g:price>15</g:price>"));
    assert_eq!(
        parse(reais.as_bytes()).unwrap().0.currency,
        Some(FeedCurrency::Reais),
        "a bare number is a Brazilian store's price in reais"
    );
}

#[test]
fn documents_that_are_not_feeds_say_what_they_are() {
    assert_eq!(rejected(b""), NotAFeed::EmptyBody);
    assert_eq!(rejected(b"  \n "), NotAFeed::EmptyBody);
    assert_eq!(rejected(b"<!DOCTYPE html><html><head><title>Erro 404</title></head><body>Not found</body></html>"), NotAFeed::HtmlPage);
    assert_eq!(
        rejected(b"<html><body><form action=\"/login\"><input name=\"email\"><input type=\"password\" name=\"senha\"></form></body></html>"),
        NotAFeed::LoginPage
    );
    assert_eq!(rejected(b"<?xml version=\"1.0\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"><url><loc>https://loja.com.br/</loc></url></urlset>"), NotAFeed::Sitemap);
    let news = "<rss version=\"2.0\"><channel><title>Blog</title><item><title>Novidades</title><link>https://loja.com.br/blog/1</link><description>Texto</description><pubDate>Sat, 28 Nov 2026 10:00:00 GMT</pubDate></item></channel></rss>";
    assert_eq!(rejected(news.as_bytes()), NotAFeed::NewsFeed);
    assert_eq!(rejected(rss("").as_bytes()), NotAFeed::NoItems);
    let whole = rss(&item("<g:id>1</g:id><g:price>1</g:price>"));
    assert_eq!(
        rejected(&whole.as_bytes()[..whole.len() - 30]),
        NotAFeed::Truncated
    );
    assert_eq!(
        rejected(b"PK\x03\x04\x14\x00\x00\x00binary zip"),
        NotAFeed::Binary
    );
    assert_eq!(rejected(b"\x00\x01\x02\x03garbage"), NotAFeed::Binary);
    assert_eq!(rejected(b"{\"products\": []}"), NotAFeed::NotXml);
    assert_eq!(
        rejected(b"<?xml version=\"1.0\"?><catalogo><produto/></catalogo>"),
        NotAFeed::OtherXml
    );
}

#[test]
fn rejection_errors_carry_a_code_that_says_what_was_received() {
    let err = parse(b"<html><body>oi</body></html>").unwrap_err();
    assert_eq!(err.code(), "feed.html_page");
    assert!(err.is_rejection() && !err.is_remote());
}

#[test]
fn entity_bombs_are_not_expanded() {
    let bomb = "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\"><!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">]>\
        <rss xmlns:g=\"http://base.google.com/ns/1.0\"><channel><item><g:id>1</g:id><g:price>1</g:price><title>&d;&d;&d;&d;</title></item></channel></rss>";
    let (_, items) = parse(bomb.as_bytes()).unwrap();
    assert_eq!(
        items[0].title, "&d;&d;&d;&d;",
        "custom entities stay literal"
    );
}

#[test]
fn a_huge_text_node_is_cut_and_flagged_not_held() {
    // 50 MB of description: the item is kept, its description cut, the problem flagged.
    struct Huge {
        head: std::io::Cursor<Vec<u8>>,
        body_left: usize,
        tail: std::io::Cursor<Vec<u8>>,
    }
    impl std::io::Read for Huge {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = self.head.read(buf)?;
            if n > 0 {
                return Ok(n);
            }
            if self.body_left > 0 {
                let n = buf.len().min(self.body_left);
                buf[..n].fill(b'x');
                self.body_left -= n;
                return Ok(n);
            }
            self.tail.read(buf)
        }
    }
    let huge = Huge {
        head: std::io::Cursor::new(
            b"<rss><channel><item><g:id>1</g:id><g:price>1</g:price><g:description>".to_vec(),
        ),
        body_left: 50 * 1024 * 1024,
        tail: std::io::Cursor::new(
            b"</g:description><title>Depois</title></item></channel></rss>".to_vec(),
        ),
    };
    let mut items = CollectItems::default();
    let s = parse_reader(huge, None, &ReadOptions::default(), &mut items).unwrap();
    assert_eq!(items.0[0].title, "Depois");
    assert!(items.0[0].description.len() <= 10_000);
    assert!(s
        .problems
        .iter()
        .any(|p| p.kind == ProblemKind::FieldTruncated));
}

#[test]
fn cancelling_stops_the_read() {
    let items: String = (0..2000)
        .map(|i| item(&format!("<g:id>{i}</g:id><g:price>1</g:price>")))
        .collect();
    let options = ReadOptions::default();
    let cancel = options.cancel.clone();
    let mut seen = 0;
    let mut sink = |_: Item| {
        seen += 1;
        if seen == 10 {
            cancel.store(true, std::sync::atomic::Ordering::Relaxed);
        }
        std::ops::ControlFlow::Continue(())
    };
    let err = parse_reader(rss(&items).as_bytes(), None, &options, &mut sink).unwrap_err();
    assert!(matches!(err, FeedError::Cancelled), "{err:?}");
    assert!(seen < 2000);
}

#[test]
fn latin1_bytes_in_a_document_declared_utf8_do_not_lose_the_feed() {
    let doc = b"<rss xmlns:g=\"g\"><channel><item><g:id>1</g:id><g:price>1</g:price><title>Cora\xe7\xe3o</title></item></channel></rss>";
    let (s, items) = parse(doc).unwrap();
    assert_eq!(s.items, 1);
    assert_eq!(items[0].title, "Coração", "read as Windows-1252");
}

#[test]
fn a_feed_past_the_size_limit_is_refused() {
    let items: String = (0..200)
        .map(|i| item(&format!("<g:id>{i}</g:id><g:price>1</g:price>")))
        .collect();
    let options = ReadOptions {
        max_bytes: 4096,
        ..ReadOptions::default()
    };
    let err = parse_reader(
        rss(&items).as_bytes(),
        None,
        &options,
        &mut CollectItems::default(),
    )
    .unwrap_err();
    assert!(matches!(err, FeedError::TooLarge { .. }), "{err:?}");
    assert_eq!(err.code(), "feed.too_large");
}

#[test]
fn broken_markup_is_named_with_its_place() {
    let doc = rss(&item("<g:id>1</g:id><g:price>10 BRL</g:preço></item>"));
    match parse(doc.as_bytes()) {
        Err(err @ FeedError::Malformed { position, .. }) => {
            assert!(position > 100, "the byte where it broke: {position}");
            let text = err.to_string();
            assert!(text.contains("</g:preço> closes <g:price>"), "{text}");
            assert_eq!(err.code(), "feed.malformed");
        }
        other => panic!("expected a malformed document, got {other:?}"),
    }
}

#[test]
fn a_sink_that_stops_stops_the_read_at_once() {
    let doc = rss(&(1..=5000)
        .map(|i| item(&format!("<g:id>{i}</g:id><g:price>1</g:price>")))
        .collect::<String>());
    let mut seen = 0;
    let mut stop_at_ten = |_: Item| {
        seen += 1;
        if seen == 10 {
            std::ops::ControlFlow::Break(())
        } else {
            std::ops::ControlFlow::Continue(())
        }
    };
    let err = parse_reader(
        doc.as_bytes(),
        None,
        &ReadOptions::default(),
        &mut stop_at_ten,
    )
    .unwrap_err();
    assert!(matches!(err, FeedError::Stopped(_)), "{err:?}");
    assert_eq!(seen, 10, "no item is delivered after the sink said stop");
}

#[test]
fn text_and_cdata_mixed_in_one_field_are_each_read_their_way() {
    let doc = rss(&(item(
        "<g:id>1</g:id><g:price>1</g:price><g:title>Caf&eacute; &amp; <![CDATA[Pão <b>&]]></g:title>",
    ) + &item(
        "<g:id>2</g:id><g:price>1</g:price><g:title><![CDATA[Chá]]> &lt;verde&gt;</g:title>",
    )));
    let (_, items) = parse(doc.as_bytes()).unwrap();
    assert_eq!(items[0].title, "Café & Pão <b>&");
    assert_eq!(items[1].title, "Chá <verde>");
}

#[test]
fn markup_the_document_ends_inside_of_is_truncation() {
    for tail in [
        "<t",
        "<![CDATA[abc",
        "<!-- x",
        "</t",
        "<",
        "<![CD",
        "<t a=\"1",
    ] {
        let doc = format!("<rss><channel><item><g:id>1</g:id><g:price>1</g:price></item>{tail}");
        assert_eq!(rejected(doc.as_bytes()), NotAFeed::Truncated, "{tail}");
    }
}

#[test]
fn products_read_so_far_are_delivered_before_the_next_read_waits() {
    // The second read fails as a network would after a pause: the product whose end tag
    // closed the bytes received must already be with the sink.
    struct ThenFail(Vec<u8>);
    impl std::io::Read for ThenFail {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            if self.0.is_empty() {
                return Err(std::io::Error::other("connection reset"));
            }
            let n = self.0.len().min(buf.len());
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0.drain(..n);
            Ok(n)
        }
    }
    let mut ids = Vec::new();
    let mut sink = |item: Item| {
        ids.push(item.id);
        std::ops::ControlFlow::Continue(())
    };
    // Past the first 4 KB, which are looked at before reading starts.
    let received = format!(
        "<rss><channel><!-- {} --><item><g:id>A</g:id><g:price>1</g:price></item>",
        "x".repeat(5000)
    );
    let err = parse_reader(
        ThenFail(received.into_bytes()),
        None,
        &ReadOptions::default(),
        &mut sink,
    )
    .unwrap_err();
    assert!(matches!(err, FeedError::Download { .. }), "{err:?}");
    assert_eq!(ids, ["A"]);
}

#[test]
fn html5_named_entities_are_decoded_and_unknown_ones_kept() {
    let doc = rss(&item(
        "<g:id>1</g:id><g:price>1</g:price><title>Sof&aacute; &hearts; &auml;&szlig; &naoexiste; &#233;&#xE9;</title>",
    ));
    let (_, items) = parse(doc.as_bytes()).unwrap();
    assert_eq!(items[0].title, "Sofá ♥ äß &naoexiste; éé");
}

#[test]
fn a_bang_that_starts_no_known_markup_is_malformed_not_truncated() {
    let doc = rss(&(String::from("<!X foo>") + &item("<g:id>1</g:id><g:price>1</g:price>")));
    let err = parse(doc.as_bytes()).unwrap_err();
    assert!(matches!(err, FeedError::Malformed { .. }), "{err:?}");
}
