# charla_find_font(<var> <file> <fontconfig pattern> <subfolder>...)
#
# Sets the cache variable <var> to the path of the font file <file>, unless
# it is already set (-D<var>=PATH): first <prefix>/share/fonts/<subfolder>
# for each system prefix (/usr/local, /usr, Homebrew's, ...) and
# subfolder (on macOS also the Library/Fonts folders), then what fontconfig's fc-match answers for <pattern>, if that
# file has the same name. <var> is left "<var>-NOTFOUND" when neither finds
# it.
function(charla_find_font var file pattern)
  if(${var})
    return()
  endif()
  set(roots "")
  foreach(prefix IN LISTS CMAKE_SYSTEM_PREFIX_PATH CMAKE_PREFIX_PATH)
    list(APPEND roots ${prefix}/share/fonts)
  endforeach()
  if(APPLE)
    list(APPEND roots $ENV{HOME}/Library/Fonts /Library/Fonts)
  endif()
  find_file(${var} ${file} PATHS ${roots} PATH_SUFFIXES ${ARGN} NO_DEFAULT_PATH
            DOC "Font file ${file}, read at build time")
  if(NOT ${var})
    find_program(CHARLA_FC_MATCH fc-match)
    if(CHARLA_FC_MATCH)
      execute_process(COMMAND ${CHARLA_FC_MATCH} -f "%{file}" "${pattern}"
                      OUTPUT_VARIABLE answer ERROR_QUIET RESULT_VARIABLE result)
      get_filename_component(name "${answer}" NAME)
      if(result EQUAL 0 AND name STREQUAL file AND EXISTS "${answer}")
        set(${var} "${answer}" CACHE FILEPATH "Font file ${file}, read at build time" FORCE)
      endif()
    endif()
  endif()
endfunction()
