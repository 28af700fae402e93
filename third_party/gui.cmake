# Desktop GUI dependencies, all from Debian packages:
#   charla::imgui  libimgui-dev 1.86 (libimgui.a already holds the GLFW and
#                  OpenGL3 backends, FreeType and imgui_stdlib) + freetype2,
#                  glfw3, GL and the stb headers/library it was built with.
#   charla::glad   an OpenGL 3.3 core loader generated at configure time by
#                  python3-glad (--reproducible: uses the bundled Khronos XML).
#   charla::fonts  DejaVu Sans (regular and bold) from fonts-dejavu-core,
#                  embedded in a static library so the binary runs anywhere.
# Include it from third_party/CMakeLists.txt; the project must enable C.

find_package(PkgConfig REQUIRED)
find_package(OpenGL REQUIRED COMPONENTS OpenGL)
pkg_check_modules(CHARLA_PC_IMGUI REQUIRED IMPORTED_TARGET GLOBAL imgui)
pkg_check_modules(CHARLA_PC_FREETYPE REQUIRED IMPORTED_TARGET GLOBAL freetype2)
pkg_check_modules(CHARLA_PC_GLFW REQUIRED IMPORTED_TARGET GLOBAL glfw3)

# Order matters for the static libimgui.a: it comes before what it uses.
add_library(charla_imgui INTERFACE)
target_link_libraries(charla_imgui INTERFACE
  PkgConfig::CHARLA_PC_IMGUI
  PkgConfig::CHARLA_PC_FREETYPE
  PkgConfig::CHARLA_PC_GLFW
  OpenGL::GL
  ${CMAKE_DL_LIBS})
add_library(charla::imgui ALIAS charla_imgui)

# --- glad ------------------------------------------------------------------
set(CHARLA_GLAD_DIR ${CMAKE_CURRENT_BINARY_DIR}/glad)
if(NOT EXISTS ${CHARLA_GLAD_DIR}/src/gl.c)
  # The system's python3 first (where python3-glad is), then any on PATH.
  find_program(CHARLA_SYSTEM_PYTHON3 NAMES python3 HINTS /usr/bin REQUIRED)
  execute_process(
    COMMAND ${CHARLA_SYSTEM_PYTHON3} -m glad --quiet --reproducible
            --api gl:core=3.3 --extensions= --out-path ${CHARLA_GLAD_DIR} c
    RESULT_VARIABLE charla_glad_result
    OUTPUT_QUIET ERROR_VARIABLE charla_glad_error)
  if(NOT charla_glad_result EQUAL 0 OR NOT EXISTS ${CHARLA_GLAD_DIR}/src/gl.c)
    message(FATAL_ERROR "python3-glad could not generate the OpenGL loader "
                        "(apt-get install python3-glad): ${charla_glad_error}")
  endif()
endif()
add_library(charla_glad STATIC ${CHARLA_GLAD_DIR}/src/gl.c)
target_include_directories(charla_glad SYSTEM PUBLIC ${CHARLA_GLAD_DIR}/include)
set_target_properties(charla_glad PROPERTIES POSITION_INDEPENDENT_CODE ON)
target_compile_options(charla_glad PRIVATE -w)
add_library(charla::glad ALIAS charla_glad)

# --- embedded fonts ----------------------------------------------------------
# Copied into the binary at build time (cmake/embed.cmake); a font file that
# is missing becomes an empty blob and the UI falls back to ImGui's built-in
# font.
# -DCHARLA_FONT_DIR=... names the folder; by default it is searched for under
# share/fonts of the system prefixes (Debian: truetype/dejavu, Fedora:
# dejavu-sans-fonts), then asked of fontconfig.
include(${PROJECT_SOURCE_DIR}/cmake/find_font.cmake)
charla_find_font(CHARLA_DEJAVU_SANS DejaVuSans.ttf "DejaVu Sans:style=Book"
  truetype/dejavu dejavu-sans-fonts dejavu TTF)
set(charla_font_dir_found "")
if(CHARLA_DEJAVU_SANS)
  get_filename_component(charla_font_dir_found ${CHARLA_DEJAVU_SANS} DIRECTORY)
endif()
set(CHARLA_FONT_DIR "" CACHE PATH "Where DejaVu Sans is read from at build time")
if(NOT CHARLA_FONT_DIR AND charla_font_dir_found)
  set(CHARLA_FONT_DIR "${charla_font_dir_found}" CACHE PATH "Where DejaVu Sans is read from at build time" FORCE)
endif()
if(NOT EXISTS "${CHARLA_FONT_DIR}/DejaVuSans.ttf")
  message(WARNING "charla: DejaVu Sans not found (apt-get install fonts-dejavu-core, or give "
                  "-DCHARLA_FONT_DIR=FOLDER); the window will use ImGui's built-in font")
endif()
include(${PROJECT_SOURCE_DIR}/cmake/embed.cmake)
charla_embed(charla_fonts charla/fonts/embedded_fonts.hpp charla::fonts
  sans ${CHARLA_FONT_DIR}/DejaVuSans.ttf
  sans_bold ${CHARLA_FONT_DIR}/DejaVuSans-Bold.ttf)
add_library(charla::fonts ALIAS charla_fonts)
