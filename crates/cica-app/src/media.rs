//! Photographs as an editor uploads them, made fit for the records: checked to be a real JPEG
//! or PNG image (decoded whole, within bounds of size and memory), turned upright as the
//! camera recorded it, scaled down to the size the print edition needs at most, and encoded
//! afresh, so that nothing of the file but its pixels is kept: no EXIF (a phone's location
//! above all), no XMP, no comments, no thumbnails.

use std::io::Cursor;

use cica_domain::{ImageKind, Media, MediaName};
use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::{DynamicImage, ImageDecoder, ImageReader, Limits};

use crate::{AppError, Result};

/// The largest upload read, in bytes: a photograph straight from a camera or a phone.
pub const MAX_UPLOAD: usize = 25 * 1024 * 1024;

/// The longest side of a stored photograph, in pixels: a full A4 page's width at 300 dots per
/// inch, more than any photograph of the Digest is printed at, and more than a screen shows.
pub const MAX_SIDE: u32 = 2480;

/// The largest image decoded, in pixels per side and in memory: a 100-megapixel camera's
/// frame, and no image built to exhaust the server.
const MAX_DECODED_SIDE: u32 = 12_000;
const MAX_DECODED_BYTES: u64 = 512 * 1024 * 1024;

/// The quality of JPEG encoding: indistinguishable from the original in print.
const JPEG_QUALITY: u8 = 88;

/// A photograph made fit for the records, with its size in pixels.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub media: Media,
    pub width: u32,
    pub height: u32,
}

fn refused(problem: impl Into<String>) -> AppError {
    AppError::invalid("image", problem)
}

/// Makes `bytes`, uploaded to be named `name`, fit for the records; refused, naming the
/// problem, when they are not a JPEG or PNG image of the kind the name says, cannot be decoded
/// whole, or are larger than is read. CPU-bound: run it off the request threads.
pub fn prepare(name: &MediaName, bytes: &[u8]) -> Result<Prepared> {
    if bytes.len() > MAX_UPLOAD {
        return Err(refused(format!(
            "the file is larger than the {} MB that are read; send the photograph as the camera made it, or smaller",
            MAX_UPLOAD / (1024 * 1024)
        )));
    }
    let kind =
        ImageKind::sniff(bytes).ok_or_else(|| refused("the file is not a JPEG or PNG image"))?;
    if kind != name.kind() {
        return Err(refused(format!(
            "the file is a {} image, but its name `{name}` says {}",
            kind.label(),
            name.kind().label()
        )));
    }
    let mut reader = ImageReader::new(Cursor::new(bytes));
    reader.set_format(match kind {
        ImageKind::Jpeg => image::ImageFormat::Jpeg,
        ImageKind::Png => image::ImageFormat::Png,
    });
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_DECODED_SIDE);
    limits.max_image_height = Some(MAX_DECODED_SIDE);
    limits.max_alloc = Some(MAX_DECODED_BYTES);
    reader.limits(limits);
    let unreadable = |e: image::ImageError| refused(format!("the image cannot be read: {e}"));
    let mut decoder = reader.into_decoder().map_err(unreadable)?;
    // Decoding allocates the whole frame at once: what it would take is known from the
    // header, and an image built to take more is refused before anything is allocated.
    if decoder.total_bytes() > MAX_DECODED_BYTES {
        let (w, h) = decoder.dimensions();
        return Err(refused(format!(
            "the image is {w} × {h} pixels, more than is decoded here; scale it down first"
        )));
    }
    let orientation = decoder.orientation().map_err(unreadable)?;
    let mut picture = DynamicImage::from_decoder(decoder).map_err(unreadable)?;
    picture.apply_orientation(orientation);
    if picture.width().max(picture.height()) > MAX_SIDE {
        picture = picture.resize(MAX_SIDE, MAX_SIDE, image::imageops::FilterType::Lanczos3);
    }
    let (width, height) = (picture.width(), picture.height());
    let mut out = Vec::new();
    let written = match kind {
        ImageKind::Jpeg => {
            // JPEG has no transparency: what an encoder would refuse is flattened first.
            let rgb = DynamicImage::ImageRgb8(picture.to_rgb8());
            rgb.write_with_encoder(JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY))
        }
        ImageKind::Png => picture.write_with_encoder(PngEncoder::new(&mut out)),
    };
    // Encoding pixels already decoded does not fail but for want of memory: our side's.
    written.map_err(|e| {
        AppError::Store(cica_store::StoreError::Corrupt {
            record: format!("photograph `{name}` as encoded"),
            problem: e.to_string(),
        })
    })?;
    let media = Media::new(name.clone(), out).map_err(|e| refused(e.to_string()))?;
    Ok(Prepared {
        media,
        width,
        height,
    })
}

/// A photograph an editor adds to a news item: the file as uploaded and what is printed with
/// it.
#[derive(Debug, Clone, Default)]
pub struct PhotoUpload {
    /// The image's name in the records (`visit-astana.jpg`); None: the item's address and the
    /// photograph's number (`2025-04-02-a-visit-2.jpg`).
    pub name: Option<String>,
    pub bytes: Vec<u8>,
    pub caption: String,
    pub credit: Option<String>,
    /// What the image shows, for readers who cannot see it: required of a new photograph.
    pub alt: String,
}

/// The name a photograph takes when the editor gives none: the item's address and its
/// number among the item's photographs, with the extension of its kind.
fn default_name(item: &cica_domain::Slug, number: usize, kind: ImageKind) -> Option<MediaName> {
    let ext = match kind {
        ImageKind::Jpeg => "jpg",
        ImageKind::Png => "png",
    };
    let suffix = format!("-{number}");
    let mut stem = item.as_str().to_owned();
    // A name's stem is a slug of at most 120 characters, cut at a hyphen.
    while stem.len() + suffix.len() > 120 {
        match stem.rfind('-') {
            Some(at) => stem.truncate(at),
            None => stem.truncate(120 - suffix.len()),
        }
    }
    MediaName::parse(&format!("{stem}{suffix}.{ext}")).ok()
}

impl crate::App {
    /// Adds a photograph to a news item (an editor), when the item's version is what `expect`
    /// says: the upload made fit for the records ([`prepare`], off the request threads), its
    /// caption, credit and description checked by the item's rules, the image and the item's
    /// new version written together. Returns the image's name and the item's new version.
    pub async fn add_photo(
        &self,
        actor: &crate::Actor,
        item: &cica_domain::Slug,
        expect: cica_store::Expect,
        upload: PhotoUpload,
    ) -> Result<(MediaName, cica_store::Version)> {
        cica_domain::access::may(actor, cica_domain::access::Act::KeepRecord)?;
        let (mut news, _) = self
            .store()
            .news_versioned(item)
            .await?
            .ok_or_else(|| AppError::NotFound(format!("no news item has the slug `{item}`")))?;
        let mut problems: Vec<(String, String)> = Vec::new();
        if upload.bytes.is_empty() {
            problems.push(("image".into(), "choose the photograph's file".into()));
        }
        let kind = ImageKind::sniff(&upload.bytes);
        let name = match upload
            .name
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty())
        {
            Some(n) => match MediaName::parse(n) {
                Ok(name) => Some(name),
                Err(e) => {
                    problems.push(("name".into(), e.to_string()));
                    None
                }
            },
            None => kind.and_then(|k| default_name(item, news.photos.len() + 1, k)),
        };
        if name.is_none() && kind.is_none() && !upload.bytes.is_empty() {
            problems.push(("image".into(), "the file is not a JPEG or PNG image".into()));
        }
        if upload.alt.trim().is_empty() {
            problems.push((
                "alt".into(),
                "say what the image shows, for readers who cannot see it".into(),
            ));
        }
        // The item's own rules, for the photograph as the item's last.
        let index = news.photos.len();
        news.photos.push(cica_domain::Photo {
            media: name
                .clone()
                .or_else(|| MediaName::parse("placeholder.jpg").ok())
                .ok_or_else(|| AppError::invalid("name", "no name"))?,
            caption: upload.caption.trim().to_owned(),
            credit: Some(upload.credit.as_deref().unwrap_or("").trim().to_owned())
                .filter(|c| !c.is_empty()),
            alt: Some(upload.alt.trim().to_owned()).filter(|a| !a.is_empty()),
        });
        let prefix = format!("photos[{index}].");
        for (field, problem) in crate::news::problems(&news) {
            let field = match field.strip_prefix(&prefix) {
                Some(own) => own.to_owned(),
                None if field == "photos" => "image".to_owned(),
                // The item's other fields are not this form's to put right.
                None => continue,
            };
            if !problems.iter().any(|(f, _)| *f == field) {
                problems.push((field, problem));
            }
        }
        if !problems.is_empty() {
            return Err(AppError::Fields(problems));
        }
        let photo = news
            .photos
            .pop()
            .ok_or_else(|| AppError::invalid("image", "none"))?;
        let name = photo.media.clone();
        let bytes = upload.bytes;
        let for_pool = name.clone();
        let prepared = tokio::task::spawn_blocking(move || prepare(&for_pool, &bytes))
            .await
            .map_err(|e| {
                AppError::Store(cica_store::StoreError::Corrupt {
                    record: format!("photograph `{name}`"),
                    problem: e.to_string(),
                })
            })??;
        let version = self
            .store()
            .add_photo(item, expect, &prepared.media, &photo, &self.by(actor, None))
            .await?;
        Ok((name, version))
    }
}
