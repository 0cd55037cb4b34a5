// Functions passed to parser combinators (nom's `alt`, `delimited`...) are called by the
// combinator: naming them is a call, and a grammar that nests recurses through them.

use nom::branch::alt;
use nom::bytes::complete::tag;
use nom::multi::separated_list0;
use nom::sequence::delimited;
use nom::IResult;

pub enum Value {
    Null,
    Array(Vec<Value>),
}

pub fn value(input: &str) -> IResult<&str, Value> {
    alt((null, array))(input)
}

fn null(input: &str) -> IResult<&str, Value> {
    let (rest, _) = tag("null")(input)?;
    Ok((rest, Value::Null))
}

fn array(input: &str) -> IResult<&str, Value> {
    let (rest, items) = delimited(tag("["), separated_list0(tag(","), value), tag("]"))(input)?;
    Ok((rest, Value::Array(items)))
}
