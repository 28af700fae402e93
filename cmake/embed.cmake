# charla_embed(<target> <header> <namespace> <id> <file> [<id> <file> ...])
#
# Builds a static library <target> that carries each <file> in the binary's
# read-only data (the assembler's .incbin, at build time) and a header
# <header> (relative to the generated include folder) declaring, in
# <namespace>, `blob <id>()` for each file. A file missing at configure time
# (or given as "") becomes an empty blob (size 0), so callers can fall back;
# a file under the build folder is taken as the output of a custom command.
function(charla_embed target header namespace)
  set(items "${ARGN}")  # quoted: an empty path stays a list element
  list(LENGTH items n)
  math(EXPR odd "${n} % 2")
  if(n EQUAL 0 OR odd)
    message(FATAL_ERROR "charla_embed(${target}): give <id> <file> pairs")
  endif()
  set(gen ${CMAKE_CURRENT_BINARY_DIR}/generated/${target})
  string(MAKE_C_IDENTIFIER "${namespace}" prefix)
  set(depends "")
  set(asm "")
  set(defs "")
  set(decls "")
  math(EXPR last "${n} - 1")
  foreach(i RANGE 0 ${last} 2)
    math(EXPR j "${i} + 1")
    list(GET items ${i} id)
    list(GET items ${j} path)
    set(symbol ${prefix}_${id})
    string(APPEND decls "blob ${id}();\n")
    # A file of the build folder is made by a custom command of the same
    # directory: it does not exist yet at configure time.
    string(FIND "${path}" "${CMAKE_BINARY_DIR}/" in_build)
    if(path AND (EXISTS ${path} OR in_build EQUAL 0))
      list(APPEND depends ${path})
      string(APPEND asm
        "    \".balign 16\\n\"\n"
        "    \"${symbol}_begin:\\n\"\n"
        "    \".incbin \\\"${path}\\\"\\n\"\n"
        "    \"${symbol}_end:\\n\"\n")
      string(APPEND defs
        "extern \"C\" const unsigned char ${symbol}_begin[];\n"
        "extern \"C\" const unsigned char ${symbol}_end[];\n"
        "blob ${id}() { return {${symbol}_begin, static_cast<std::size_t>(${symbol}_end - ${symbol}_begin)}; }\n")
    else()
      if(path)
        message(WARNING "charla: ${path} not found; ${namespace}::${id}() will be empty")
      endif()
      string(APPEND defs "blob ${id}() { return {nullptr, 0}; }\n")
    endif()
  endforeach()
  file(CONFIGURE OUTPUT ${gen}/${header} CONTENT [[
// Generated at build time by cmake/embed.cmake: files carried in the binary.
#pragma once
#include <cstddef>

namespace @namespace@ {

struct blob {
    const unsigned char* data;
    std::size_t size;  // 0 when the file was missing at build time
};

@decls@
}  // namespace @namespace@
]] @ONLY)
  # The section the bytes go in: read-only data, named the way the object
  # format wants (ELF: .rodata with a type; Windows' COFF, whose assembler
  # has no .pushsection: .rdata$ with flags, then back to .text, which is
  # where GCC expects to be between functions).
  if(WIN32)
    set(section_begin ".section .rdata\$${prefix}, \\\"dr\\\"")
    set(section_end ".text")
  else()
    set(section_begin ".pushsection .rodata.${prefix}, \\\"a\\\", @progbits")
    set(section_end ".popsection")
  endif()
  file(CONFIGURE OUTPUT ${gen}/${target}.cpp CONTENT [[
// Generated at build time by cmake/embed.cmake: files carried in the binary.
#include "@header@"

__asm__(
    "@section_begin@\n"
@asm@    "@section_end@\n");

namespace @namespace@ {

@defs@
}  // namespace @namespace@
]] @ONLY)
  add_library(${target} STATIC ${gen}/${target}.cpp)
  target_include_directories(${target} PUBLIC ${gen})
  set_source_files_properties(${gen}/${target}.cpp PROPERTIES OBJECT_DEPENDS "${depends}")
endfunction()
