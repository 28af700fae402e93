# Dear ImGui 1.86 as Debian's libimgui-dev ships it (one static library with
# the GLFW, OpenGL3 and FreeType parts and imgui_stdlib, headers in
# include/imgui with imgui_stdlib.h and imgui_freetype.h flat), plus the
# OpenGL2 backend (the window's fallback on old drivers), and Debian's
# libstb (stb_image, stb_image_write) as one small static library beside it. Copied by
# scripts/setup-windows-deps.sh into Debian's imgui source as its
# CMakeLists.txt; built for Windows only.
cmake_minimum_required(VERSION 3.16)
project(imgui CXX)
find_package(glfw3 REQUIRED)
find_package(Freetype REQUIRED)
add_library(imgui STATIC
  imgui.cpp imgui_draw.cpp imgui_tables.cpp imgui_widgets.cpp imgui_demo.cpp
  misc/cpp/imgui_stdlib.cpp misc/freetype/imgui_freetype.cpp
  backends/imgui_impl_glfw.cpp backends/imgui_impl_opengl3.cpp backends/imgui_impl_opengl2.cpp)
target_include_directories(imgui PUBLIC ${CMAKE_CURRENT_SOURCE_DIR})
target_link_libraries(imgui PRIVATE glfw Freetype::Freetype)
install(TARGETS imgui ARCHIVE DESTINATION lib)
install(FILES imgui.h imconfig.h imgui_internal.h imstb_rectpack.h imstb_textedit.h imstb_truetype.h
              misc/cpp/imgui_stdlib.h misc/freetype/imgui_freetype.h
        DESTINATION include/imgui)
install(FILES backends/imgui_impl_glfw.h backends/imgui_impl_opengl3.h backends/imgui_impl_opengl3_loader.h
              backends/imgui_impl_opengl2.h
        DESTINATION include/imgui/backends)
file(WRITE ${CMAKE_CURRENT_BINARY_DIR}/imgui.pc [=[
prefix=${pcfiledir}/../..
includedir=${prefix}/include
libdir=${prefix}/lib

Name: imgui
Description: Dear ImGui with its GLFW, OpenGL3, OpenGL2 and FreeType parts
Version: 1.86
Requires: stb
Requires.private: glfw3 freetype2
Cflags: -I${includedir}/imgui
Libs: -L${libdir} -limgui
Libs.private: -lopengl32
]=])
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/imgui.pc DESTINATION lib/pkgconfig)

# libstb: Debian's is a shared library of the stb implementations; charla
# uses stb_image and stb_image_write. File names are UTF-8, as on Linux
# (stb turns them into UTF-16 for Windows).
file(WRITE ${CMAKE_CURRENT_BINARY_DIR}/stb.c [=[
#define STB_IMAGE_IMPLEMENTATION
#define STB_IMAGE_WRITE_IMPLEMENTATION
#define STBI_WINDOWS_UTF8
#define STBIW_WINDOWS_UTF8
#include <stb_image.h>
#include <stb_image_write.h>
]=])
find_path(STB_DIR stb_image_write.h PATH_SUFFIXES stb REQUIRED)
enable_language(C)
add_library(stb STATIC ${CMAKE_CURRENT_BINARY_DIR}/stb.c)
target_include_directories(stb PRIVATE ${STB_DIR})
install(TARGETS stb ARCHIVE DESTINATION lib)
file(WRITE ${CMAKE_CURRENT_BINARY_DIR}/stb.pc [=[
prefix=${pcfiledir}/../..
includedir=${prefix}/include/stb
libdir=${prefix}/lib

Name: stb
Description: stb_image and stb_image_write
Version: 0.0
Libs: -L${libdir} -lstb
Cflags: -I${includedir}
]=])
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/stb.pc DESTINATION lib/pkgconfig)
