//! Web derivatives of large images: a page scan wider than a screen (or a TIFF, which
//! browsers cannot show) is published with a JPEG beside it, at most [`WEB_WIDTH`]
//! pixels wide, that the page shows while a link leads to the original. Which images
//! get one is decided from their header's size alone, so `check` never decodes an
//! image; `build` decodes each once, on its own thread.

use image::codecs::jpeg::JpegEncoder;
use image::imageops::FilterType;
use std::path::Path;

/// The widest a derivative is: wider than a page's column on any screen people read on.
pub const WEB_WIDTH: usize = 1600;

/// The JPEG quality of a derivative: the writing of a scan stays sharp.
const QUALITY: u8 = 85;

/// A derivative to be made of an image under `static/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Derivative {
    /// Its name under `static/`: the original's with its width and `.jpg` added
    /// (`scans/p12.tif.1600.jpg`), so two originals never share one.
    pub name: String,
    /// Its width in pixels.
    pub width: usize,
    /// Its height in pixels, in the original's proportion.
    pub height: usize,
}

/// The derivative that the image `name` (under `static/`) of `width` × `height` pixels
/// gets, or `None` when browsers show it well as it is.
pub fn derivative(name: &str, width: usize, height: usize) -> Option<Derivative> {
    let extension = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    let tiff = matches!(extension.as_deref(), Some("tif" | "tiff"));
    if width == 0 || height == 0 || (width <= WEB_WIDTH && !tiff) {
        return None;
    }
    let scaled = width.min(WEB_WIDTH);
    let height = ((height * scaled + width / 2) / width).max(1);
    Some(Derivative {
        name: format!("{name}.{scaled}.jpg"),
        width: scaled,
        height,
    })
}

/// Makes `derivative` of the image at `source`: decoded, scaled and encoded as a
/// JPEG, the same bytes on every run. Only this image is held decoded meanwhile.
pub fn make(source: &Path, derivative: &Derivative) -> Result<Vec<u8>, image::ImageError> {
    let original = image::ImageReader::open(source)?
        .with_guessed_format()?
        .decode()?;
    let width = u32::try_from(derivative.width).unwrap_or(u32::MAX);
    let height = u32::try_from(derivative.height).unwrap_or(u32::MAX);
    let scaled = original.resize_exact(width, height, FilterType::Triangle);
    drop(original);
    let mut bytes = Vec::new();
    JpegEncoder::new_with_quality(&mut bytes, QUALITY).encode_image(&scaled.into_rgb8())?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::derivative;

    #[test]
    fn only_wide_images_and_tiffs_get_a_derivative_in_proportion() {
        assert_eq!(derivative("a.png", 1600, 900), None);
        let wide = derivative("scans/p12.png", 2400, 1201).expect("a derivative");
        assert_eq!(
            (wide.name.as_str(), wide.width, wide.height),
            ("scans/p12.png.1600.jpg", 1600, 801)
        );
        let tiff = derivative("p1.TIF", 800, 600).expect("a derivative");
        assert_eq!(
            (tiff.name.as_str(), tiff.width, tiff.height),
            ("p1.TIF.800.jpg", 800, 600)
        );
    }
}
