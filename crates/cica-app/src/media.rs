//! Photographs as an editor uploads them, made fit for the records: checked to be a real JPEG
//! or PNG image (decoded whole, within bounds of size and memory), turned upright as the
//! camera recorded it, scaled down to the size the print edition needs at most, and encoded
//! afresh, so that nothing of the file but its pixels is kept: no EXIF (a phone's location
//! above all), no XMP, no comments, no thumbnails.

use std::io::Cursor;

use cica_domain::{ImageKind, Media, MediaName, Rendition};
use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::{CompressionType, FilterType as PngFilter, PngEncoder};
use image::{DynamicImage, ImageDecoder, ImageEncoder, ImageReader, Limits};

use crate::{AppError, Result};

/// The largest upload read, in bytes: a photograph straight from a camera or a phone.
pub const MAX_UPLOAD: usize = 25 * 1024 * 1024;

/// The longest side of a stored photograph, in pixels: a full A4 page's width at 300 dots per
/// inch, more than any photograph of the Digest is printed at, and more than a screen shows.
pub const MAX_SIDE: u32 = 2480;

/// The largest image decoded: a 50-megapixel frame (more than a phone or most cameras make),
/// at most 12,000 pixels a side. Decoding one takes, for a progressive JPEG of four
/// components, two bytes a sample for its coefficients and four bytes a pixel for the frame,
/// then the scaling's own working copy: about 1 GB at the very most, and photographs are
/// prepared one at a time.
const MAX_DECODED_SIDE: u32 = 12_000;
const MAX_PIXELS: u64 = 50_000_000;

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

/// Our side failed (the encoder, the worker): said so, never blamed on the file.
fn failed(name: &MediaName, problem: impl std::fmt::Display) -> AppError {
    AppError::Store(cica_store::StoreError::Corrupt {
        record: format!("photograph `{name}` as prepared"),
        problem: problem.to_string(),
    })
}

/// Whether a JPEG file ends as a whole one does, with its end-of-image marker (a decoder
/// would fill a scan cut short with grey and call it a picture). Some cameras write a few
/// bytes after it; a thumbnail's own marker lies far earlier.
fn jpeg_is_whole(bytes: &[u8]) -> bool {
    let tail = &bytes[bytes.len().saturating_sub(4096)..];
    tail.windows(2).any(|w| w == [0xFF, 0xD9])
}

/// A reader of `bytes` as an image of `kind`, refusing a frame larger than is decoded here.
fn bounded_reader(bytes: &[u8], kind: ImageKind) -> ImageReader<Cursor<&[u8]>> {
    let mut reader = ImageReader::new(Cursor::new(bytes));
    reader.set_format(match kind {
        ImageKind::Jpeg => image::ImageFormat::Jpeg,
        ImageKind::Png => image::ImageFormat::Png,
    });
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_DECODED_SIDE);
    limits.max_image_height = Some(MAX_DECODED_SIDE);
    reader.limits(limits);
    reader
}

/// Makes `bytes`, uploaded to be named `name`, fit for the records; refused, naming the
/// problem, when they are not a whole JPEG or PNG image of the kind the name says, cannot be
/// decoded, are larger than is read or decoded, or are still larger than the records keep once
/// scaled. The colour profile is kept (it says how to read the colours, and nothing else).
/// CPU-bound and memory-hungry: run it off the request threads, one at a time
/// ([`App::add_photo`](crate::App::add_photo) does).
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
        return Err(AppError::invalid(
            "name",
            format!(
                "the file is a {} image, but the name `{name}` says {}",
                kind.label(),
                name.kind().label()
            ),
        ));
    }
    if kind == ImageKind::Jpeg && !jpeg_is_whole(bytes) {
        return Err(refused(
            "the JPEG file is cut short (it does not end as an image does); send it again",
        ));
    }
    let reader = bounded_reader(bytes, kind);
    let unreadable = |e: image::ImageError| refused(format!("the image cannot be read: {e}"));
    let mut decoder = reader.into_decoder().map_err(unreadable)?;
    // Decoding allocates for the whole frame at once: its size is known from the header, and
    // an image built to take more is refused before anything is allocated.
    let (w, h) = decoder.dimensions();
    if u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(refused(format!(
            "the image is {w} × {h} pixels, more than the {} megapixels decoded here; scale it down first",
            MAX_PIXELS / 1_000_000
        )));
    }
    let orientation = decoder.orientation().map_err(unreadable)?;
    let icc = decoder.icc_profile().ok().flatten();
    let mut picture = DynamicImage::from_decoder(decoder).map_err(unreadable)?;
    picture.apply_orientation(orientation);
    if picture.width().max(picture.height()) > MAX_SIDE {
        picture = picture.resize(MAX_SIDE, MAX_SIDE, image::imageops::FilterType::Lanczos3);
    }
    let (width, height) = (picture.width(), picture.height());
    let out = encode(name, picture, kind, icc)?;
    if out.len() > Media::MAX_BYTES {
        return Err(refused(format!(
            "scaled to {width} × {height} pixels the image still takes {:.1} MB, more than the {} MB the records keep; a photograph is best sent as a JPEG",
            out.len() as f64 / (1024.0 * 1024.0),
            Media::MAX_BYTES / (1024 * 1024)
        )));
    }
    let media = Media::new(name.clone(), out).map_err(|e| refused(e.to_string()))?;
    Ok(Prepared {
        media,
        width,
        height,
    })
}

/// Encodes a picture afresh as `kind`, with its colour profile and nothing else.
fn encode(
    name: &MediaName,
    picture: DynamicImage,
    kind: ImageKind,
    icc: Option<Vec<u8>>,
) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    let written = match kind {
        ImageKind::Jpeg => {
            // JPEG has no transparency: what an encoder would refuse is flattened first.
            let rgb = DynamicImage::ImageRgb8(picture.to_rgb8());
            let mut encoder = JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY);
            if let Some(profile) = icc {
                let _ = encoder.set_icc_profile(profile);
            }
            rgb.write_with_encoder(encoder)
        }
        ImageKind::Png => {
            // Eight bits a sample, as screens and print take them, compressed hard.
            let eight = if picture.color().has_alpha() {
                DynamicImage::ImageRgba8(picture.to_rgba8())
            } else {
                DynamicImage::ImageRgb8(picture.to_rgb8())
            };
            let mut encoder =
                PngEncoder::new_with_quality(&mut out, CompressionType::Best, PngFilter::Adaptive);
            if let Some(profile) = icc {
                let _ = encoder.set_icc_profile(profile);
            }
            eight.write_with_encoder(encoder)
        }
    };
    written.map_err(|e| failed(name, e))?;
    Ok(out)
}

/// A copy of a stored image scaled down for screens of `size` (its longest side at most
/// [`Rendition::max_side`]), encoded as the image is; the image itself when it is no larger.
/// An uploaded image was prepared by [`prepare`]; one loaded with a dataset was not, so the
/// same bounds of size are kept here, and an image beyond them is the records' fault, never
/// the reader's. CPU-bound: run it off the request threads.
pub fn scaled(media: &Media, size: Rendition) -> Result<Media> {
    let kind = media.name.kind();
    let broken = |e: image::ImageError| failed(&media.name, e);
    let reader = bounded_reader(&media.bytes, kind);
    let mut decoder = reader.into_decoder().map_err(broken)?;
    let (w, h) = decoder.dimensions();
    if u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(failed(
            &media.name,
            format!("{w} × {h} pixels, more than are decoded here"),
        ));
    }
    let orientation = decoder.orientation().map_err(broken)?;
    let icc = decoder.icc_profile().ok().flatten();
    let mut picture = DynamicImage::from_decoder(decoder).map_err(broken)?;
    picture.apply_orientation(orientation);
    let side = size.max_side();
    if picture.width().max(picture.height()) <= side {
        return Ok(media.clone());
    }
    let picture = picture.resize(side, side, image::imageops::FilterType::Lanczos3);
    let out = encode(&media.name, picture, kind, icc)?;
    Media::new(media.name.clone(), out).map_err(|e| failed(&media.name, e))
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

/// Photographs are prepared one at a time.
static PREPARING: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(1);

/// How many makings of copies for screens may wait for their turn at once: readers asking for
/// copies not yet made cannot queue work without end.
static QUEUED: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(16);

impl crate::App {
    /// The first name of the form `{item}-{n}` from `from` on that no stored image has.
    async fn free_name(
        &self,
        item: &cica_domain::Slug,
        from: usize,
        kind: ImageKind,
    ) -> Result<Option<MediaName>> {
        for n in from..from + 1000 {
            let Some(name) = default_name(item, n, kind) else {
                return Ok(None);
            };
            if !self.store().media_exists(&name).await? {
                return Ok(Some(name));
            }
        }
        Ok(None)
    }

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
        let (mut news, current) = self
            .store()
            .news_versioned(item)
            .await?
            .ok_or_else(|| AppError::NotFound(format!("no news item has the slug `{item}`")))?;
        // A stale upload is refused before its file is decoded (the store checks again).
        if let cica_store::Expect::Version(v) = expect
            && v != current
        {
            return Err(AppError::Stale {
                message: format!(
                    "news item `{item}` was saved by someone else since version {v} was read; it is now at version {current}. Nothing was added"
                ),
                current,
            });
        }
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
            None => match kind {
                Some(k) => self.free_name(item, news.photos.len() + 1, k).await?,
                None => None,
            },
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
        // One photograph at a time: preparing one may take a gigabyte at the very most. The
        // turn goes with the work, so it is held until the work ends, whoever waits for it.
        let turn = PREPARING.acquire().await.map_err(|e| failed(&name, e))?;
        let prepared = tokio::task::spawn_blocking(move || {
            let _turn = turn;
            prepare(&for_pool, &bytes)
        })
        .await
        .map_err(|e| failed(&name, e))??;
        let version = self
            .store()
            .add_photo(item, expect, &prepared.media, &photo, &self.by(actor, None))
            .await?;
        // Its copies for screens are made now, so that the first reader waits for none; the
        // photograph is saved whatever happens to them (a reader makes one that is missing).
        for size in Rendition::ALL {
            if let Err(e) = self.rendition(&name, size).await {
                tracing::warn!(image = %name, error = %e, "a copy for screens was not made");
            }
        }
        Ok((name, version))
    }

    /// The copy of a stored image made for screens of `size` ([`scaled`]): the one kept, or
    /// made now and kept for the next reader. None when no such image is stored. Whether the
    /// reader may see the image is the caller's to have checked. The making is a task of its
    /// own, one image at a time, off the request threads, that finishes and keeps its copy
    /// even when the reader who asked goes away: readers asking again and again make each
    /// copy once.
    pub async fn rendition(&self, name: &MediaName, size: Rendition) -> Result<Option<Media>> {
        if let Some(copy) = self.store().rendition(name, size).await? {
            return Ok(Some(copy));
        }
        // At most so many makings wait at once: beyond, a reader is asked to come back.
        let waiting = QUEUED.try_acquire().map_err(|_| {
            AppError::Store(cica_store::StoreError::Unavailable(
                "copies of images for screens are being made; ask again in a moment".into(),
            ))
        })?;
        let app = self.clone();
        let named = name.clone();
        tokio::spawn(async move {
            let _waiting = waiting;
            app.make_rendition(&named, size).await
        })
        .await
        .map_err(|e| failed(name, e))?
    }

    async fn make_rendition(&self, name: &MediaName, size: Rendition) -> Result<Option<Media>> {
        let turn = PREPARING.acquire().await.map_err(|e| failed(name, e))?;
        // Another task may have made it while this one waited.
        if let Some(copy) = self.store().rendition(name, size).await? {
            return Ok(Some(copy));
        }
        // The image is read only now, in its turn: waiting tasks hold nothing.
        let Some(media) = self.store().media(name).await? else {
            return Ok(None);
        };
        let source = media.clone();
        let copy = tokio::task::spawn_blocking(move || {
            let _turn = turn;
            scaled(&media, size)
        })
        .await
        .map_err(|e| failed(name, e))??;
        // A database opened read-only still serves the copy; it is made again next time.
        if let Err(e) = self.store().keep_rendition(size, &copy, &source).await {
            tracing::warn!(image = %name, error = %e, "a copy for screens was not kept");
        }
        Ok(Some(copy))
    }
}
