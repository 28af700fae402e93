#pragma once
// Indents one JSON text for people to read (the wire inspector's detail
// view). It re-flows the bytes without parsing values: strings are copied
// untouched, so what is shown is what was sent, only laid out.

#include <string>
#include <string_view>

namespace charla::net {

// Two spaces per level, "key": value, one member or element per line; an
// empty object or array stays "{}" / "[]". Whitespace outside strings
// (the newline that ends each object on the wire included) is dropped.
// Text that is not well nested comes out re-flowed as far as it goes.
std::string pretty_json(std::string_view text);

}  // namespace charla::net
