# Cross-building charla for 64-bit Windows with Debian's mingw-w64 GCC
# (posix threads), against the libraries scripts/setup-windows-deps.sh
# builds into a prefix (docs/BUILDING.md, Windows):
#
#   cmake -B build-windows -G Ninja -DCMAKE_TOOLCHAIN_FILE=cmake/toolchain-mingw64.cmake
#
# The prefix is CHARLA_WIN_DEPS: a -D flag, else the environment, else the
# script's default (~/.cache/charla/windows-deps). Libraries are found the
# ordinary way (find_package, pkg-config) inside the mingw sysroot and that
# prefix only: nothing of the Linux system leaks in. Programs built here run
# under wine (scripts/wine-run.sh) when CMake or ctest needs to run them.

set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)
set(charla_triple x86_64-w64-mingw32)
set(CMAKE_C_COMPILER ${charla_triple}-gcc-posix)
set(CMAKE_CXX_COMPILER ${charla_triple}-g++-posix)
set(CMAKE_RC_COMPILER ${charla_triple}-windres)

if(NOT CHARLA_WIN_DEPS)
  if(DEFINED ENV{CHARLA_WIN_DEPS} AND NOT "$ENV{CHARLA_WIN_DEPS}" STREQUAL "")
    set(CHARLA_WIN_DEPS "$ENV{CHARLA_WIN_DEPS}")
  elseif(DEFINED ENV{XDG_CACHE_HOME} AND NOT "$ENV{XDG_CACHE_HOME}" STREQUAL "")
    set(CHARLA_WIN_DEPS "$ENV{XDG_CACHE_HOME}/charla/windows-deps")
  else()
    set(CHARLA_WIN_DEPS "$ENV{HOME}/.cache/charla/windows-deps")
  endif()
endif()
# try_compile projects read this file again: hand them the same prefix.
set(ENV{CHARLA_WIN_DEPS} "${CHARLA_WIN_DEPS}")
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES CHARLA_WIN_DEPS)

set(CMAKE_FIND_ROOT_PATH /usr/${charla_triple} ${CHARLA_WIN_DEPS})
set(CMAKE_PREFIX_PATH ${CHARLA_WIN_DEPS})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# pkg-config answers from the prefix only, with each library's own
# dependencies (Libs.private): everything is linked statically.
set(ENV{PKG_CONFIG_LIBDIR} "${CHARLA_WIN_DEPS}/lib/pkgconfig")
set(ENV{PKG_CONFIG_PATH} "")
set(PKG_CONFIG_ARGN --static CACHE STRING "Arguments for pkg-config (static linking)")

# One .exe with no DLL beside it: libstdc++, libgcc and winpthreads inside.
set(CMAKE_EXE_LINKER_FLAGS_INIT -static)

set(CMAKE_CROSSCOMPILING_EMULATOR ${CMAKE_CURRENT_LIST_DIR}/../scripts/wine-run.sh)
