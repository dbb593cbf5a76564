//! The canonical serialisation of [`super`], written straight from the value's
//! `Serialize` implementation.
//!
//! Going through a `serde_json::Value` first (a tree of maps with a `String` key
//! per member, for every point of a drawn signature) was most of the seal's time,
//! and the seal is computed for every PDF the register imports. The output is the
//! same bytes: objects with their members sorted by key, no whitespace, strings
//! in NFC with `serde_json`'s escaping; a test compares it with the `Value` route.

use std::borrow::Cow;
use std::fmt;

use serde::Serialize;
use serde::ser;

use super::write_string;

/// Why a value has no canonical form (a map key that is not a string).
#[derive(Debug)]
pub(crate) struct Error(String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error(msg.to_string())
    }
}

/// The output, and a buffer objects reorder their members through.
struct State {
    out: Vec<u8>,
    reorder: Vec<u8>,
}

/// Writes `value` canonically, leaving out the member `skip` of the outermost
/// object (the seal itself).
pub(crate) fn to_vec<T: Serialize + ?Sized>(value: &T, skip: &str) -> Result<Vec<u8>, Error> {
    let mut state = State {
        out: Vec::with_capacity(2048),
        reorder: Vec::new(),
    };
    value.serialize(Writer {
        state: &mut state,
        skip: Some(skip),
    })?;
    Ok(state.out)
}

struct Writer<'a, 'k> {
    state: &'a mut State,
    /// A member left out of the object this writer writes (not of nested ones).
    skip: Option<&'k str>,
}

impl<'a> Writer<'a, '_> {
    fn nested(state: &'a mut State) -> Writer<'a, 'static> {
        Writer { state, skip: None }
    }

    fn raw(self, text: &str) -> Result<(), Error> {
        self.state.out.extend_from_slice(text.as_bytes());
        Ok(())
    }

    /// `{"variant":…}`, as serde_json writes an enum variant with data.
    fn open_variant(state: &mut State, variant: &str) {
        state.out.push(b'{');
        write_string(variant, &mut state.out);
        state.out.push(b':');
    }
}

macro_rules! integers {
    ($($method:ident: $t:ty),*) => {
        $(fn $method(self, v: $t) -> Result<(), Error> {
            self.raw(&v.to_string())
        })*
    };
}

impl<'a, 'k> ser::Serializer for Writer<'a, 'k> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Seq<'a>;
    type SerializeTuple = Seq<'a>;
    type SerializeTupleStruct = Seq<'a>;
    type SerializeTupleVariant = Seq<'a>;
    type SerializeMap = Object<'a, 'k>;
    type SerializeStruct = Object<'a, 'k>;
    type SerializeStructVariant = Object<'a, 'k>;

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.raw(if v { "true" } else { "false" })
    }

    integers!(serialize_i8: i8, serialize_i16: i16, serialize_i32: i32, serialize_i64: i64,
        serialize_i128: i128, serialize_u8: u8, serialize_u16: u16, serialize_u32: u32,
        serialize_u64: u64, serialize_u128: u128);

    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        self.serialize_f64(f64::from(v))
    }

    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        // As a `Value` would hold it: serde_json's number text, `null` if not finite.
        serde_json::to_writer(&mut self.state.out, &v).map_err(|e| Error(e.to_string()))
    }

    fn serialize_char(self, v: char) -> Result<(), Error> {
        self.serialize_str(v.encode_utf8(&mut [0; 4]))
    }

    fn serialize_str(self, v: &str) -> Result<(), Error> {
        write_string(v, &mut self.state.out);
        Ok(())
    }

    fn serialize_bytes(self, v: &[u8]) -> Result<(), Error> {
        use ser::SerializeSeq;
        let mut seq = self.serialize_seq(Some(v.len()))?;
        for b in v {
            seq.serialize_element(b)?;
        }
        seq.end()
    }

    fn serialize_none(self) -> Result<(), Error> {
        self.raw("null")
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<(), Error> {
        self.raw("null")
    }

    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Error> {
        self.raw("null")
    }

    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), Error> {
        self.serialize_str(variant)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        Writer::open_variant(self.state, variant);
        value.serialize(Writer::nested(self.state))?;
        self.state.out.push(b'}');
        Ok(())
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<Seq<'a>, Error> {
        self.state.out.push(b'[');
        Ok(Seq {
            state: self.state,
            first: true,
            close_variant: false,
        })
    }

    fn serialize_tuple(self, len: usize) -> Result<Seq<'a>, Error> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Seq<'a>, Error> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Seq<'a>, Error> {
        Writer::open_variant(self.state, variant);
        self.state.out.push(b'[');
        Ok(Seq {
            state: self.state,
            first: true,
            close_variant: true,
        })
    }

    fn serialize_map(self, len: Option<usize>) -> Result<Object<'a, 'k>, Error> {
        Ok(Object::open(self.state, self.skip, len.unwrap_or(0), false))
    }

    fn serialize_struct(self, _: &'static str, len: usize) -> Result<Object<'a, 'k>, Error> {
        Ok(Object::open(self.state, self.skip, len, false))
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Object<'a, 'k>, Error> {
        Writer::open_variant(self.state, variant);
        Ok(Object::open(self.state, None, len, true))
    }
}

/// An array (or a tuple), elements in their order.
struct Seq<'a> {
    state: &'a mut State,
    first: bool,
    /// Inside `{"variant":[…]}`: close the object too.
    close_variant: bool,
}

impl Seq<'_> {
    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        if !self.first {
            self.state.out.push(b',');
        }
        self.first = false;
        value.serialize(Writer::nested(self.state))
    }

    fn close(self) -> Result<(), Error> {
        self.state.out.push(b']');
        if self.close_variant {
            self.state.out.push(b'}');
        }
        Ok(())
    }
}

impl ser::SerializeSeq for Seq<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.element(value)
    }
    fn end(self) -> Result<(), Error> {
        self.close()
    }
}

impl ser::SerializeTuple for Seq<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.element(value)
    }
    fn end(self) -> Result<(), Error> {
        self.close()
    }
}

impl ser::SerializeTupleStruct for Seq<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.element(value)
    }
    fn end(self) -> Result<(), Error> {
        self.close()
    }
}

impl ser::SerializeTupleVariant for Seq<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.element(value)
    }
    fn end(self) -> Result<(), Error> {
        self.close()
    }
}

/// An object. Members are written in the order they come, each remembered with
/// its key and where its bytes are; at the end they are put in key order (the
/// bytes moved through [`State::reorder`]) unless they came in that order.
struct Object<'a, 'k> {
    state: &'a mut State,
    skip: Option<&'k str>,
    /// Where the object's `{` is.
    base: usize,
    /// (key, start, end) of each member's `"key":value` bytes.
    members: Vec<(Cow<'static, str>, usize, usize)>,
    /// A map's key, between `serialize_key` and `serialize_value`.
    key: Option<String>,
    close_variant: bool,
}

impl<'a, 'k> Object<'a, 'k> {
    fn open(state: &'a mut State, skip: Option<&'k str>, len: usize, close_variant: bool) -> Self {
        let base = state.out.len();
        state.out.push(b'{');
        Object {
            state,
            skip,
            base,
            members: Vec::with_capacity(len),
            key: None,
            close_variant,
        }
    }

    fn member<T: Serialize + ?Sized>(
        &mut self,
        key: Cow<'static, str>,
        value: &T,
    ) -> Result<(), Error> {
        if self.skip == Some(key.as_ref()) {
            return Ok(());
        }
        if !self.members.is_empty() {
            self.state.out.push(b',');
        }
        let start = self.state.out.len();
        write_string(&key, &mut self.state.out);
        self.state.out.push(b':');
        value.serialize(Writer::nested(self.state))?;
        self.members.push((key, start, self.state.out.len()));
        Ok(())
    }

    fn close(mut self) -> Result<(), Error> {
        let by_key = |a: &(Cow<'static, str>, usize, usize),
                      b: &(Cow<'static, str>, usize, usize)| {
            a.0.as_bytes().cmp(b.0.as_bytes())
        };
        if !self.members.is_sorted_by(|a, b| by_key(a, b).is_le()) {
            self.members.sort_by(by_key);
            let State { out, reorder } = &mut *self.state;
            reorder.clear();
            reorder.extend_from_slice(&out[self.base..]);
            out.truncate(self.base + 1);
            for (i, (_, start, end)) in self.members.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                out.extend_from_slice(&reorder[start - self.base..end - self.base]);
            }
        }
        self.state.out.push(b'}');
        if self.close_variant {
            self.state.out.push(b'}');
        }
        Ok(())
    }
}

impl ser::SerializeStruct for Object<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.member(Cow::Borrowed(key), value)
    }
    fn end(self) -> Result<(), Error> {
        self.close()
    }
}

impl ser::SerializeStructVariant for Object<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.member(Cow::Borrowed(key), value)
    }
    fn end(self) -> Result<(), Error> {
        self.close()
    }
}

impl ser::SerializeMap for Object<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        // Map keys must be strings, as in JSON. (The model has no maps; this is
        // here so that the writer is complete, and it need not be quick.)
        match serde_json::to_value(key) {
            Ok(serde_json::Value::String(key)) => {
                self.key = Some(key);
                Ok(())
            }
            _ => Err(Error("a map key that is not a string".into())),
        }
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        let key = self
            .key
            .take()
            .ok_or_else(|| Error("a map value without a key".into()))?;
        self.member(Cow::Owned(key), value)
    }
    fn end(self) -> Result<(), Error> {
        self.close()
    }
}
