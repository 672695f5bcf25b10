//! The entry model: the few fields of a HAR entry the rules read, borrowed from its bytes.

use super::*;

/// One `log.entries` element: only the fields a rule reads are declared; serde skips the rest
/// (timings, cookies, request headers, initiators) without building them.
#[derive(Deserialize)]
pub(super) struct Entry<'a> {
    #[serde(borrow, rename = "startedDateTime", default)]
    pub(super) started: Loose<'a>,
    #[serde(borrow, default)]
    pub(super) time: Loose<'a>,
    #[serde(borrow)]
    pub(super) request: Request<'a>,
    #[serde(borrow)]
    pub(super) response: Response<'a>,
    /// Chrome: `xhr`, `fetch`, `script`, `document`, `websocket`, …
    #[serde(borrow, rename = "_resourceType", default)]
    pub(super) resource_type: Loose<'a>,
    /// Firefox: `secure`, `insecure`, `weak`, or `broken` when the TLS handshake failed.
    #[serde(borrow, rename = "_securityState", default)]
    pub(super) security_state: Loose<'a>,
}

#[derive(Deserialize)]
pub(super) struct Request<'a> {
    #[serde(borrow, default)]
    pub(super) method: Loose<'a>,
    #[serde(borrow)]
    pub(super) url: Cow<'a, str>,
    #[serde(borrow, rename = "bodySize", default)]
    pub(super) body_size: Loose<'a>,
    #[serde(borrow, rename = "postData", default)]
    pub(super) post_data: Option<PostData<'a>>,
}

/// The request body: only its length is read, never its text.
#[derive(Deserialize)]
pub(super) struct PostData<'a> {
    #[serde(borrow, default)]
    pub(super) text: Option<Raw<'a>>,
}

#[derive(Deserialize)]
pub(super) struct Response<'a> {
    #[serde(borrow, default)]
    pub(super) status: Loose<'a>,
    #[serde(borrow, default)]
    pub(super) headers: KeptHeaders<'a>,
    #[serde(borrow, default)]
    pub(super) content: Option<Content<'a>>,
    /// Chrome: the network error (`net::ERR_…`), or null.
    #[serde(borrow, rename = "_error", default)]
    pub(super) error: Loose<'a>,
}

#[derive(Deserialize)]
pub(super) struct Content<'a> {
    #[serde(borrow, default)]
    pub(super) size: Loose<'a>,
    #[serde(borrow, rename = "mimeType", default)]
    pub(super) mime_type: Loose<'a>,
    /// Kept raw: decoded only for error bodies and streamed chat replies.
    #[serde(borrow, default)]
    pub(super) text: Option<Raw<'a>>,
    #[serde(borrow, default)]
    pub(super) encoding: Loose<'a>,
}

/// A JSON value's text as it stands in the entry: a body stays undecoded until it is needed.
#[derive(Debug, Clone, Copy)]
pub(super) struct Raw<'a>(pub(super) &'a str);

impl<'de: 'a, 'a> Deserialize<'de> for Raw<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        <&'a RawValue>::deserialize(d).map(|r| Raw(r.get()))
    }
}

/// A scalar read leniently: exporters disagree on types (a status as a string, `time: null`),
/// and a field of the wrong type should not cost the whole file.
#[derive(Debug, Default)]
pub(super) enum Loose<'a> {
    Str(Cow<'a, str>),
    Num(f64),
    #[default]
    Other,
}

impl<'a> Loose<'a> {
    pub(super) fn as_str(&self) -> Option<&str> {
        match self {
            Loose::Str(s) => Some(s),
            _ => None,
        }
    }

    pub(super) fn into_str(self) -> Option<Cow<'a, str>> {
        match self {
            Loose::Str(s) => Some(s),
            _ => None,
        }
    }

    pub(super) fn as_f64(&self) -> Option<f64> {
        let v = match self {
            Loose::Num(v) => *v,
            Loose::Str(s) => s.trim().parse().ok()?,
            Loose::Other => return None,
        };
        v.is_finite().then_some(v)
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Loose<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<'a>(PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for V<'a> {
            type Value = Loose<'a>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Loose<'a>, E> {
                Ok(Loose::Str(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Loose<'a>, E> {
                Ok(Loose::Str(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E>(self, v: String) -> Result<Loose<'a>, E> {
                Ok(Loose::Str(Cow::Owned(v)))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Loose<'a>, E> {
                Ok(Loose::Num(v))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Loose<'a>, E> {
                Ok(Loose::Num(v as f64))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Loose<'a>, E> {
                Ok(Loose::Num(v as f64))
            }
            fn visit_bool<E>(self, _: bool) -> Result<Loose<'a>, E> {
                Ok(Loose::Other)
            }
            fn visit_unit<E>(self) -> Result<Loose<'a>, E> {
                Ok(Loose::Other)
            }
            fn visit_none<E>(self) -> Result<Loose<'a>, E> {
                Ok(Loose::Other)
            }
            fn visit_some<D2: Deserializer<'de>>(self, d: D2) -> Result<Loose<'a>, D2::Error> {
                Loose::deserialize(d)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut s: A) -> Result<Loose<'a>, A::Error> {
                while s.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Loose::Other)
            }
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Loose<'a>, A::Error> {
                while m.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(Loose::Other)
            }
        }
        d.deserialize_any(V(PhantomData))
    }
}

/// Response headers, filtered while they are read: only names [`is_kept`] passes are kept, as
/// borrowed from the entry's bytes, in file order. Request headers and cookies are not declared
/// at all, so they are skipped unread. [`KeptHeaders::into_map`] copies them out for an
/// observation; an entry left out never copies them.
///
/// The first few stay inline: an entry usually keeps two or three (`content-type`, `server`,
/// `date`), and an allocation per entry showed in profiles.
#[derive(Debug, Default)]
pub(super) struct KeptHeaders<'a> {
    pub(super) inline: [(Cow<'a, str>, Cow<'a, str>); 4],
    pub(super) len: usize,
    pub(super) more: Vec<(Cow<'a, str>, Cow<'a, str>)>,
}

impl<'a> KeptHeaders<'a> {
    pub(super) fn add(&mut self, name: Cow<'a, str>, value: Cow<'a, str>) {
        if !is_kept(&name) {
            return;
        }
        match self.inline.get_mut(self.len) {
            Some(slot) => *slot = (name, value),
            None => self.more.push((name, value)),
        }
        self.len += 1;
    }

    pub(super) fn iter(&self) -> impl Iterator<Item = &(Cow<'a, str>, Cow<'a, str>)> {
        let n = self.len.min(self.inline.len());
        self.inline.iter().take(n).chain(&self.more)
    }

    /// The headers as an observation holds them: names lower-cased, repeated names joined with
    /// `, `, values cut to [`MAX_HEADER_VALUE`], a `location`'s query and fragment removed.
    pub(super) fn into_map(self) -> BTreeMap<String, String> {
        let mut map: BTreeMap<String, String> = BTreeMap::new();
        let n = self.len.min(self.inline.len());
        for (name, value) in self.inline.into_iter().take(n).chain(self.more) {
            let mut value = if name.eq_ignore_ascii_case("location") {
                // A redirect target can carry a one-time code or token in its query.
                redact::redact_url(&value)
            } else {
                value.into_owned()
            };
            truncate(&mut value, MAX_HEADER_VALUE);
            let slot = map.entry(name.to_ascii_lowercase()).or_default();
            if !slot.is_empty() {
                slot.push_str(", ");
            }
            slot.push_str(&value);
            truncate(slot, MAX_HEADER_VALUE);
        }
        map
    }

    /// Whether the `content-type` that [`into_map`](Self::into_map) would give names
    /// `text/event-stream`, without building it. Each value is cut to [`MAX_HEADER_VALUE`],
    /// repeats are joined with `, ` and the whole is cut to [`MAX_HEADER_VALUE`] again: the
    /// needle holds no `, `, so it matches inside one value, and it survives the last cut when
    /// it ends within the first [`MAX_HEADER_VALUE`] bytes of the join (it is ASCII, so its end
    /// is a character boundary).
    pub(super) fn says_event_stream(&self) -> bool {
        const NEEDLE: &[u8] = b"text/event-stream";
        let mut at = 0usize;
        let mut first = true;
        for (name, value) in self.iter() {
            if !name.eq_ignore_ascii_case("content-type") {
                continue;
            }
            if !first {
                at += 2;
            }
            first = false;
            let Some(room) = MAX_HEADER_VALUE.checked_sub(at) else {
                return false;
            };
            let piece = head(value, MAX_HEADER_VALUE).as_bytes();
            if contains_ci_bytes(piece.get(..room).unwrap_or(piece), NEEDLE) {
                return true;
            }
            at += piece.len();
        }
        false
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for KeptHeaders<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Header<'a> {
            #[serde(borrow, default)]
            name: Loose<'a>,
            #[serde(borrow, default)]
            value: Loose<'a>,
        }
        struct V<'a>(PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for V<'a> {
            type Value = KeptHeaders<'a>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a list of {name, value} headers")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut s: A) -> Result<KeptHeaders<'a>, A::Error> {
                let mut out = KeptHeaders::default();
                while let Some(h) = s.next_element::<Header<'a>>()? {
                    if let (Some(name), Some(value)) = (h.name.into_str(), h.value.into_str()) {
                        out.add(name, value);
                    }
                }
                Ok(out)
            }
            // Some tools write headers as an object of name → value.
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<KeptHeaders<'a>, A::Error> {
                let mut out = KeptHeaders::default();
                while let Some((name, value)) = m.next_entry::<Loose<'a>, Loose<'a>>()? {
                    if let (Some(name), Some(value)) = (name.into_str(), value.into_str()) {
                        out.add(name, value);
                    }
                }
                Ok(out)
            }
            fn visit_unit<E>(self) -> Result<KeptHeaders<'a>, E> {
                Ok(KeptHeaders::default())
            }
            fn visit_none<E>(self) -> Result<KeptHeaders<'a>, E> {
                Ok(KeptHeaders::default())
            }
        }
        d.deserialize_any(V(PhantomData))
    }
}

/// The first letters, either case, of the kept header names and prefixes.
pub(super) static KEPT_FIRST_LETTERS: [bool; 256] = {
    let mut table = [false; 256];
    let mut i = 0;
    while i < KEPT_HEADERS.len() + KEPT_HEADER_PREFIXES.len() {
        let name = if i < KEPT_HEADERS.len() {
            KEPT_HEADERS[i]
        } else {
            KEPT_HEADER_PREFIXES[i - KEPT_HEADERS.len()]
        };
        let first = name.as_bytes()[0];
        table[first.to_ascii_lowercase() as usize] = true;
        table[first.to_ascii_uppercase() as usize] = true;
        i += 1;
    }
    table
};

/// [`crate::observation::is_kept_header`] without allocating: it runs for every response
/// header in the file.
pub(super) fn is_kept(name: &str) -> bool {
    // Most names are rejected on their first letter.
    if !name
        .as_bytes()
        .first()
        .is_some_and(|&b| KEPT_FIRST_LETTERS[usize::from(b)])
    {
        return false;
    }
    KEPT_HEADERS.iter().any(|k| name.eq_ignore_ascii_case(k))
        || KEPT_HEADER_PREFIXES.iter().any(|p| {
            name.get(..p.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(p))
        })
}
