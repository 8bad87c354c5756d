//! Photographs made fit for the records: a phone's photograph loses its location and every
//! other piece of metadata, stands upright, and is scaled to what print needs; what is not a
//! real JPEG or PNG image, or would exhaust the server to decode, is refused by name. The
//! results are read back by a third-party EXIF reader and by the image decoder.

use crate::common;

use std::io::Cursor;

use cica_app::media::PhotoUpload;
use cica_app::media::{MAX_SIDE, prepare, scaled};
use cica_app::{Actor, AppError, Expect};
use cica_domain::{MediaName, Rendition};

fn name(n: &str) -> MediaName {
    MediaName::parse(n).expect("name")
}

/// A JPEG of `w` × `h` pixels, a gradient.
fn jpeg(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 128])
    });
    let mut out = Vec::new();
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut Cursor::new(&mut out), image::ImageFormat::Jpeg)
        .expect("encodes");
    out
}

/// An EXIF block (big-endian TIFF) with an orientation and a GPS latitude reference, as a
/// phone writes them.
fn exif(orientation: u16) -> Vec<u8> {
    let mut t = Vec::new();
    t.extend_from_slice(b"MM\x00\x2a\x00\x00\x00\x08");
    // IFD0 at 8: two entries.
    t.extend_from_slice(&2u16.to_be_bytes());
    // Orientation: SHORT, one, value in the first two bytes.
    t.extend_from_slice(&0x0112u16.to_be_bytes());
    t.extend_from_slice(&3u16.to_be_bytes());
    t.extend_from_slice(&1u32.to_be_bytes());
    t.extend_from_slice(&orientation.to_be_bytes());
    t.extend_from_slice(&[0, 0]);
    // GPS IFD pointer: LONG, one, offset 38.
    t.extend_from_slice(&0x8825u16.to_be_bytes());
    t.extend_from_slice(&4u16.to_be_bytes());
    t.extend_from_slice(&1u32.to_be_bytes());
    t.extend_from_slice(&38u32.to_be_bytes());
    t.extend_from_slice(&0u32.to_be_bytes());
    assert_eq!(t.len(), 38);
    // GPS IFD: GPSLatitudeRef "N".
    t.extend_from_slice(&1u16.to_be_bytes());
    t.extend_from_slice(&1u16.to_be_bytes());
    t.extend_from_slice(&2u16.to_be_bytes());
    t.extend_from_slice(&2u32.to_be_bytes());
    t.extend_from_slice(b"N\x00\x00\x00");
    t.extend_from_slice(&0u32.to_be_bytes());
    t
}

/// `jpeg` with an APP1 EXIF segment right after its start.
fn with_exif(jpeg: &[u8], tiff: &[u8]) -> Vec<u8> {
    let mut payload = b"Exif\x00\x00".to_vec();
    payload.extend_from_slice(tiff);
    with_segment(jpeg, 0xE1, &payload)
}

fn exif_of(bytes: &[u8]) -> Result<exif::Exif, exif::Error> {
    exif::Reader::new().read_from_container(&mut Cursor::new(bytes))
}

fn size_of(bytes: &[u8]) -> (u32, u32) {
    let img = image::load_from_memory(bytes).expect("decodes");
    (img.width(), img.height())
}

#[test]
fn a_phones_photograph_loses_its_location_and_stands_upright() {
    let upload = with_exif(&jpeg(40, 20), &exif(6));
    let read = exif_of(&upload).expect("the upload has EXIF");
    assert!(
        read.get_field(exif::Tag::GPSLatitudeRef, exif::In::PRIMARY)
            .is_some(),
        "the upload carries a location"
    );
    let done = prepare(&name("visit.jpg"), &upload).expect("prepared");
    assert!(
        matches!(exif_of(&done.media.bytes), Err(exif::Error::NotFound(_))),
        "no EXIF at all is kept"
    );
    assert!(!done.media.bytes.windows(4).any(|w| w == b"Exif"));
    // Orientation 6: the camera was turned a quarter; the stored image stands upright.
    assert_eq!((done.width, done.height), (20, 40));
    assert_eq!(size_of(&done.media.bytes), (20, 40));
}

#[test]
fn a_large_photograph_is_scaled_to_what_print_needs_and_a_small_one_is_not() {
    let done = prepare(&name("large.jpg"), &jpeg(3000, 2000)).expect("prepared");
    assert_eq!(done.width, MAX_SIDE);
    assert_eq!(size_of(&done.media.bytes), (done.width, done.height));
    assert!((done.height as i64 - 1653).abs() <= 1, "{}", done.height);
    let small = prepare(&name("small.jpg"), &jpeg(640, 480)).expect("prepared");
    assert_eq!((small.width, small.height), (640, 480));
}

#[test]
fn a_copy_for_screens_is_smaller_of_the_same_kind_and_a_small_image_is_its_own() {
    let stored = prepare(&name("large.jpg"), &jpeg(3000, 2000)).expect("prepared");
    let screen = scaled(&stored.media, Rendition::Screen).expect("scaled");
    assert_eq!(screen.name, stored.media.name);
    let (w, h) = size_of(&screen.bytes);
    assert_eq!(w, 1280);
    assert!((i64::from(h) - 853).abs() <= 1, "{h}");
    let thumb = scaled(&stored.media, Rendition::Thumb).expect("scaled");
    assert_eq!(size_of(&thumb.bytes).0, 480);
    // Upright portraits are scaled by their longest side.
    let tall = prepare(&name("tall.jpg"), &jpeg(1000, 2000)).expect("prepared");
    assert_eq!(
        size_of(
            &scaled(&tall.media, Rendition::Screen)
                .expect("scaled")
                .bytes
        ),
        (640, 1280)
    );
    // No larger than the size: the image itself, byte for byte.
    let small = prepare(&name("small.jpg"), &jpeg(400, 300)).expect("prepared");
    assert_eq!(
        scaled(&small.media, Rendition::Thumb).expect("kept"),
        small.media
    );
    // A PNG stays a PNG.
    let img = image::RgbaImage::from_fn(900, 600, |x, _| image::Rgba([0, 0, 0, (x % 255) as u8]));
    let mut bytes = Vec::new();
    image::DynamicImage::ImageRgba8(img)
        .write_to(&mut Cursor::new(&mut bytes), image::ImageFormat::Png)
        .expect("encodes");
    let png = prepare(&name("chart.png"), &bytes).expect("prepared");
    let copy = scaled(&png.media, Rendition::Thumb).expect("scaled");
    assert!(copy.bytes.starts_with(b"\x89PNG"));
    assert_eq!(size_of(&copy.bytes), (480, 320));
}

#[test]
fn a_png_stays_a_png_with_its_transparency() {
    let img = image::RgbaImage::from_fn(8, 8, |x, _| image::Rgba([0, 0, 0, (x * 30) as u8]));
    let mut bytes = Vec::new();
    image::DynamicImage::ImageRgba8(img)
        .write_to(&mut Cursor::new(&mut bytes), image::ImageFormat::Png)
        .expect("encodes");
    let done = prepare(&name("logo.png"), &bytes).expect("prepared");
    assert!(done.media.bytes.starts_with(b"\x89PNG"));
    let back = image::load_from_memory(&done.media.bytes).expect("decodes");
    assert!(back.color().has_alpha());
}

/// The CRC of a PNG chunk (its type and data).
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for b in bytes {
        crc ^= u32::from(*b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A PNG whose header promises `w` × `h` pixels, with almost no data.
fn png_claiming(w: u32, h: u32) -> Vec<u8> {
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut chunk = |kind: &[u8], data: &[u8]| {
        out.extend_from_slice(&u32::try_from(data.len()).expect("short").to_be_bytes());
        let mut body = kind.to_vec();
        body.extend_from_slice(data);
        out.extend_from_slice(&body);
        out.extend_from_slice(&crc32(&body).to_be_bytes());
    };
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&w.to_be_bytes());
    ihdr.extend_from_slice(&h.to_be_bytes());
    ihdr.extend_from_slice(&[8, 6, 0, 0, 0]);
    chunk(b"IHDR", &ihdr);
    chunk(b"IDAT", &[0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]);
    chunk(b"IEND", &[]);
    out
}

#[test]
fn what_is_no_real_image_or_would_exhaust_the_server_is_refused_by_name() {
    let good = jpeg(64, 48);
    let cases: Vec<(&str, &str, Vec<u8>, &str)> = vec![
        (
            "text",
            "note.jpg",
            b"Dear colleagues, please find attached".to_vec(),
            "not a JPEG or PNG",
        ),
        (
            "a PNG named as a JPEG",
            "photo.jpg",
            png_claiming(4, 4),
            "the name",
        ),
        (
            "a JPEG cut off in its headers",
            "cut.jpg",
            good[..good.len() / 2].to_vec(),
            "cut short",
        ),
        (
            "a PNG promising 100,000 pixels a side",
            "bomb.png",
            png_claiming(100_000, 100_000),
            "exceeds limit",
        ),
        (
            "a PNG promising 12,000 by 12,000",
            "big.png",
            png_claiming(12_000, 12_000),
            "megapixels",
        ),
        (
            "too many bytes",
            "huge.jpg",
            {
                let mut v = good.clone();
                v.resize(cica_app::media::MAX_UPLOAD + 1, 0);
                v
            },
            "larger than the 25 MB",
        ),
    ];
    for (what, file, bytes, words) in cases {
        match prepare(&name(file), &bytes) {
            Err(AppError::Invalid { field, problem }) => {
                let expected = if what.contains("named as") {
                    "name"
                } else {
                    "image"
                };
                assert_eq!(field, expected, "{what}");
                assert!(problem.contains(words), "{what}: {problem}");
            }
            other => panic!("{what}: {other:?}"),
        }
    }
}

fn editor() -> Actor {
    Actor::Cli {
        user: "editor".into(),
    }
}

#[tokio::test]
async fn a_photograph_added_to_an_item_is_stored_fit_for_print_and_the_item_moves_on() {
    let (app, _dir, _path) = common::loaded("photos.db").await;
    let item = cica_domain::Slug::parse("kuwait-voluntary-contribution").expect("slug");
    let (before, v) = app
        .store()
        .news_versioned(&item)
        .await
        .expect("reads")
        .expect("stored");
    let upload = PhotoUpload {
        name: None,
        bytes: with_exif(&jpeg(3000, 2000), &exif(1)),
        caption: "The Secretary General receives the Ambassador of Kuwait".into(),
        credit: Some("CICA Secretariat".into()),
        alt: "Two men shake hands in front of the flags of both organisations".into(),
    };
    let (name, v2) = app
        .add_photo(&editor(), &item, Expect::Version(v), upload.clone())
        .await
        .expect("added");
    assert!(v2 > v);
    assert_eq!(
        name.as_str(),
        format!(
            "kuwait-voluntary-contribution-{}.jpg",
            before.photos.len() + 1
        )
    );
    let stored = app
        .store()
        .media(&name)
        .await
        .expect("reads")
        .expect("stored");
    assert!(matches!(
        exif_of(&stored.bytes),
        Err(exif::Error::NotFound(_))
    ));
    assert_eq!(size_of(&stored.bytes).0, MAX_SIDE);
    // Its copies for screens were made with it and kept: a page's column, a thumbnail.
    for (size, side) in [(Rendition::Screen, 1280), (Rendition::Thumb, 480)] {
        let copy = app
            .store()
            .rendition(&name, size)
            .await
            .expect("reads")
            .expect("kept at upload");
        assert_eq!(size_of(&copy.bytes).0, side, "{size:?}");
        assert!(copy.bytes.len() < stored.bytes.len(), "{size:?}");
        assert!(matches!(
            exif_of(&copy.bytes),
            Err(exif::Error::NotFound(_))
        ));
    }
    let after = app
        .store()
        .news_item(&item)
        .await
        .expect("reads")
        .expect("stored");
    assert_eq!(after.photos.len(), before.photos.len() + 1);
    assert_eq!(after.photos.last().map(|p| p.media.clone()), Some(name));
    // The same upload over the version it replaced is refused, and nothing is stored.
    let e = app
        .add_photo(&editor(), &item, Expect::Version(v), upload.clone())
        .await
        .expect_err("stale");
    assert!(matches!(e, AppError::Stale { .. }), "{e:?}");
    // What an editor must say, and what is no image, is refused by field, with nothing kept.
    let cases: Vec<(&str, PhotoUpload, &[&str])> = vec![
        (
            "no description",
            PhotoUpload {
                alt: " ".into(),
                ..upload.clone()
            },
            &["alt"],
        ),
        (
            "no caption, a description repeating nothing",
            PhotoUpload {
                caption: String::new(),
                ..upload.clone()
            },
            &["caption"],
        ),
        (
            "the caption again as description",
            PhotoUpload {
                alt: upload.caption.clone(),
                ..upload.clone()
            },
            &["alt"],
        ),
        (
            "no file",
            PhotoUpload {
                bytes: Vec::new(),
                ..upload.clone()
            },
            &["image"],
        ),
        (
            "a text file",
            PhotoUpload {
                bytes: b"not an image".to_vec(),
                ..upload.clone()
            },
            &["image"],
        ),
        (
            "a name that is no image's",
            PhotoUpload {
                name: Some("Photo 1.JPG".into()),
                ..upload.clone()
            },
            &["name"],
        ),
    ];
    for (what, u, fields) in cases {
        match app
            .add_photo(&editor(), &item, Expect::Version(v2), u)
            .await
        {
            Err(AppError::Fields(list)) => {
                let found: Vec<&str> = list.iter().map(|(f, _)| f.as_str()).collect();
                assert_eq!(found, *fields, "{what}: {list:?}");
            }
            Err(AppError::Invalid { field, .. }) => assert_eq!([field.as_str()], *fields, "{what}"),
            other => panic!("{what}: {other:?}"),
        }
    }
    let now = app
        .store()
        .news_versioned(&item)
        .await
        .expect("reads")
        .expect("stored");
    assert_eq!(now.1, v2, "nothing written");
    // A name taken by another image is a conflict.
    let e = app
        .add_photo(
            &editor(),
            &item,
            Expect::Version(v2),
            PhotoUpload {
                name: Some(format!("{}", after.photos[0].media)),
                ..upload
            },
        )
        .await
        .expect_err("taken");
    assert!(matches!(e, AppError::Conflict(_)), "{e:?}");
    // A delegate may not.
    let kz = Actor::Public;
    assert!(matches!(
        app.add_photo(&kz, &item, Expect::Any, PhotoUpload::default())
            .await,
        Err(AppError::Denied(_))
    ));
}

#[test]
fn a_turned_photograph_is_turned_the_way_its_camera_says() {
    // A red block in the top left corner of a blue picture, 40 × 20; the camera says it was
    // held turned (orientation 6: turn a quarter clockwise to view).
    let img = image::RgbImage::from_fn(40, 20, |x, y| {
        if x < 20 && y < 10 {
            image::Rgb([220, 20, 20])
        } else {
            image::Rgb([20, 20, 220])
        }
    });
    let mut bytes = Vec::new();
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut Cursor::new(&mut bytes), image::ImageFormat::Jpeg)
        .expect("encodes");
    let done = prepare(&name("turned.jpg"), &with_exif(&bytes, &exif(6))).expect("prepared");
    let back = image::load_from_memory(&done.media.bytes)
        .expect("decodes")
        .to_rgb8();
    assert_eq!(back.dimensions(), (20, 40));
    let red = |p: &image::Rgb<u8>| p[0] > 150 && p[2] < 100;
    // Turned a quarter clockwise, the top left corner is now the top right.
    assert!(red(back.get_pixel(15, 4)), "{:?}", back.get_pixel(15, 4));
    assert!(!red(back.get_pixel(4, 4)), "{:?}", back.get_pixel(4, 4));
    assert!(!red(back.get_pixel(15, 35)), "{:?}", back.get_pixel(15, 35));
}

/// A JPEG of noise, so that its scan data is most of the file.
fn noisy_jpeg(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        let v = (x.wrapping_mul(7919) ^ y.wrapping_mul(104_729)).wrapping_mul(2_654_435_761);
        image::Rgb([(v >> 24) as u8, (v >> 16) as u8, (v >> 8) as u8])
    });
    let mut out = Vec::new();
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut Cursor::new(&mut out), image::ImageFormat::Jpeg)
        .expect("encodes");
    out
}

#[test]
fn a_jpeg_cut_short_in_its_picture_or_promising_too_many_pixels_is_refused() {
    let whole = noisy_jpeg(256, 256);
    let cut = &whole[..whole.len() * 4 / 5];
    match prepare(&name("cut.jpg"), cut) {
        Err(AppError::Invalid { field, problem }) => {
            assert_eq!(field, "image");
            assert!(problem.contains("cut short"), "{problem}");
        }
        other => panic!("{other:?}"),
    }
    // The same file with its frame header promising 10,000 × 10,000 pixels.
    let mut bomb = whole.clone();
    let sof = bomb
        .windows(2)
        .position(|w| w == [0xFF, 0xC0])
        .expect("a baseline frame header");
    bomb[sof + 5..sof + 9].copy_from_slice(&[0x27, 0x10, 0x27, 0x10]);
    match prepare(&name("bomb.jpg"), &bomb) {
        Err(AppError::Invalid { problem, .. }) => {
            assert!(problem.contains("megapixels"), "{problem}")
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_colour_profile_is_kept_and_a_deep_png_becomes_eight_bits() {
    let profile = b"a colour profile, as a camera would embed one".to_vec();
    let img = image::ImageBuffer::<image::Rgb<u16>, _>::from_fn(16, 16, |x, y| {
        image::Rgb([x as u16 * 4000, y as u16 * 4000, 30_000])
    });
    let mut bytes = Vec::new();
    let mut encoder = image::codecs::png::PngEncoder::new(&mut bytes);
    image::ImageEncoder::set_icc_profile(&mut encoder, profile.clone()).expect("profile");
    image::DynamicImage::ImageRgb16(img)
        .write_with_encoder(encoder)
        .expect("encodes");
    let done = prepare(&name("deep.png"), &bytes).expect("prepared");
    let mut decoder = image::ImageReader::new(Cursor::new(&done.media.bytes))
        .with_guessed_format()
        .expect("format")
        .into_decoder()
        .expect("decoder");
    use image::ImageDecoder as _;
    assert_eq!(decoder.icc_profile().expect("reads"), Some(profile));
    assert_eq!(decoder.color_type(), image::ColorType::Rgb8);
}

/// `jpeg` with a segment (`marker`, payload) inserted right after its start.
fn with_segment(jpeg: &[u8], marker: u8, payload: &[u8]) -> Vec<u8> {
    let len = u16::try_from(payload.len() + 2).expect("short");
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(&[0xFF, marker]);
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(payload);
    out.extend_from_slice(&jpeg[2..]);
    out
}

#[test]
fn no_comment_or_xmp_packet_survives_either() {
    let mut xmp = b"http://ns.adobe.com/xap/1.0/\0".to_vec();
    xmp.extend_from_slice(b"<x:xmpmeta><exif:GPSLatitude>51,10.5N</exif:GPSLatitude></x:xmpmeta>");
    let upload = with_segment(
        &with_segment(&jpeg(64, 48), 0xE1, &xmp),
        0xFE,
        b"taken at the embassy, keep private",
    );
    let contains = |bytes: &[u8], needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
    assert!(contains(&upload, b"GPSLatitude") && contains(&upload, b"keep private"));
    let done = prepare(&name("tagged.jpg"), &upload).expect("prepared");
    for needle in [&b"ns.adobe.com"[..], b"GPSLatitude", b"keep private"] {
        assert!(
            !contains(&done.media.bytes, needle),
            "{}",
            String::from_utf8_lossy(needle)
        );
    }
}
