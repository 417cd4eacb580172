# pip install --no-build-isolation --no-deps PACKAGE_DIR --target TARGET_DIR,
# then import the installed copy (not the source tree) and ask it something.
file(REMOVE_RECURSE ${TARGET_DIR})
execute_process(
  COMMAND ${PYTHON} -m pip install --no-build-isolation --no-deps --no-index --quiet
          ${PACKAGE_DIR} --target ${TARGET_DIR}
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "pip install failed:\n${out}")
endif()
# pip builds in a temporary copy; keep the source tree clean all the same.
file(REMOVE_RECURSE ${PACKAGE_DIR}/build ${PACKAGE_DIR}/faq.egg-info)
execute_process(
  COMMAND ${CMAKE_COMMAND} -E env PYTHONPATH=${TARGET_DIR}
          ${PYTHON} -c "import faq, os; assert os.path.dirname(faq.__file__) == os.path.join(r'${TARGET_DIR}', 'faq'), faq.__file__; assert faq.version() == faq.__version__; print('installed faq', faq.version(), 'at', faq.__file__)"
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
message(STATUS "${out}")
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "the installed package does not work:\n${out}")
endif()
file(REMOVE_RECURSE ${TARGET_DIR})
