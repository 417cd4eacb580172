# ctest script: install the current build into a temporary prefix, then build
# and run the consumer project against it with CMake (find_package) and with
# pkg-config. Variables: FAQ_BUILD_DIR, CONSUMER_SOURCE_DIR, WORK_DIR, C_COMPILER.
set(prefix ${WORK_DIR}/prefix)
file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR})

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "failed (${rc}): ${ARGN}\n${out}")
  endif()
  message(STATUS "ok: ${ARGN}")
  set(last_output "${out}" PARENT_SCOPE)
endfunction()

run(${CMAKE_COMMAND} --install ${FAQ_BUILD_DIR} --prefix ${prefix})

foreach(f include/faq.h include/faq/engine.h include/faq/version.h bin/faq share/faq/corpus)
  if(NOT EXISTS ${prefix}/${f})
    message(FATAL_ERROR "not installed: ${f}")
  endif()
endforeach()
# `faq serve` and `faq bench` run these from faq's own directory.
foreach(helper faq-serve faq-bench)
  if(EXISTS ${FAQ_BUILD_DIR}/${helper} AND NOT EXISTS ${prefix}/bin/${helper})
    message(FATAL_ERROR "not installed beside bin/faq: ${helper}")
  endif()
endforeach()
if(EXISTS ${prefix}/bin/faq-bench)
  execute_process(COMMAND ${prefix}/bin/faq bench RESULT_VARIABLE rc ERROR_VARIABLE err)
  if(NOT err MATCHES "give --corpus")
    message(FATAL_ERROR "the installed faq does not run faq-bench: ${err}")
  endif()
endif()
file(GLOB_RECURSE pc ${prefix}/*/faq.pc)
file(GLOB_RECURSE config ${prefix}/*/faqConfig.cmake)
file(GLOB_RECURSE shared ${prefix}/*/libfaq.so)
file(GLOB_RECURSE static ${prefix}/*/libfaq.a)
if(NOT pc OR NOT config OR NOT shared OR NOT static)
  message(FATAL_ERROR "missing: faq.pc='${pc}' faqConfig='${config}' libfaq.so='${shared}' libfaq.a='${static}'")
endif()
get_filename_component(libdir ${shared} DIRECTORY)
get_filename_component(pcdir ${pc} DIRECTORY)
set(corpus ${prefix}/share/faq/corpus)
file(GLOB corpus_files ${corpus}/*)
if(NOT corpus_files)
  message(FATAL_ERROR "the corpus was not installed into ${corpus}")
endif()

# CMake: find_package(faq), shared and static.
run(${CMAKE_COMMAND} -S ${CONSUMER_SOURCE_DIR} -B ${WORK_DIR}/build
    -DCMAKE_PREFIX_PATH=${prefix} -DCMAKE_BUILD_TYPE=Release)
run(${CMAKE_COMMAND} --build ${WORK_DIR}/build -j2)
run(${CMAKE_COMMAND} -E env LD_LIBRARY_PATH=${libdir}
    ${WORK_DIR}/build/consumer ${corpus} ${WORK_DIR}/kb-shared)
message(STATUS "${last_output}")
run(${WORK_DIR}/build/consumer_static ${corpus} ${WORK_DIR}/kb-static)
message(STATUS "${last_output}")

# pkg-config: a plain compiler command line.
find_program(PKG_CONFIG pkg-config REQUIRED)
set(ENV{PKG_CONFIG_PATH} ${pcdir})
execute_process(COMMAND ${PKG_CONFIG} --cflags --libs faq OUTPUT_VARIABLE flags
                RESULT_VARIABLE rc OUTPUT_STRIP_TRAILING_WHITESPACE)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "pkg-config --cflags --libs faq failed")
endif()
separate_arguments(flags UNIX_COMMAND "${flags}")
run(${C_COMPILER} -std=c11 -Wall -Wextra -Werror ${CONSUMER_SOURCE_DIR}/main.c -o ${WORK_DIR}/consumer_pc
    ${flags} -Wl,-rpath,${libdir})
run(${WORK_DIR}/consumer_pc ${corpus} ${WORK_DIR}/kb-pc)
message(STATUS "${last_output}")

# Only the C API leaves libfaq.so.
find_program(NM nm)
if(NM)
  execute_process(COMMAND ${NM} -D --defined-only ${shared} OUTPUT_VARIABLE syms)
  string(REGEX MATCHALL "[^\n]+" lines "${syms}")
  foreach(line IN LISTS lines)
    if(NOT line MATCHES " faq_[a-z0-9_]+$")
      message(FATAL_ERROR "libfaq.so exports a symbol outside the C API: ${line}")
    endif()
  endforeach()
endif()
file(REMOVE_RECURSE ${WORK_DIR})
