# What `cmake --install` puts where:
#   include/faq.h, include/faq/*.h      the C API and the C++ API
#   lib/libfaq.so*, lib/libfaq.a        C API + engine (shared: only faq_* exported)
#   bin/faq                             the command line
#   lib/cmake/faq/                      find_package(faq): faq::faq, faq::faq_static
#   lib/pkgconfig/faq.pc                pkg-config faq
#   share/faq/corpus/                   the shipped knowledge base documents
include(CMakePackageConfigHelpers)

set(FAQ_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/faq)

install(DIRECTORY ${PROJECT_SOURCE_DIR}/engine/include/faq
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} COMPONENT devel)
install(FILES ${PROJECT_SOURCE_DIR}/bindings/c/faq.h
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} COMPONENT devel)

set_target_properties(faq_capi PROPERTIES EXPORT_NAME faq)
set_target_properties(faq_static PROPERTIES EXPORT_NAME faq_static)
install(TARGETS faq_capi faq_static EXPORT faqTargets
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT runtime NAMELINK_COMPONENT devel
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT devel
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT runtime
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(TARGETS faq RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT runtime)
# `faq serve` and `faq bench` run these from faq's own directory.
foreach(helper faq-serve faq-bench)
  if(TARGET ${helper})
    install(TARGETS ${helper} RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT runtime)
  endif()
endforeach()

install(EXPORT faqTargets NAMESPACE faq:: DESTINATION ${FAQ_CMAKE_DIR} COMPONENT devel)
configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/faqConfig.cmake.in
  ${PROJECT_BINARY_DIR}/faqConfig.cmake INSTALL_DESTINATION ${FAQ_CMAKE_DIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/faqConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/faqConfig.cmake ${PROJECT_BINARY_DIR}/faqConfigVersion.cmake
        DESTINATION ${FAQ_CMAKE_DIR} COMPONENT devel)

# faq.pc finds its prefix relative to itself, so that the package works
# wherever `cmake --install --prefix` puts it.
file(RELATIVE_PATH FAQ_PC_TO_PREFIX
     /prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig /prefix)
string(REGEX REPLACE "/$" "" FAQ_PC_TO_PREFIX "${FAQ_PC_TO_PREFIX}")
configure_file(${CMAKE_CURRENT_LIST_DIR}/faq.pc.in ${PROJECT_BINARY_DIR}/faq.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/faq.pc
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig COMPONENT devel)

install(DIRECTORY ${PROJECT_SOURCE_DIR}/corpus/
        DESTINATION ${CMAKE_INSTALL_DATADIR}/faq/corpus COMPONENT runtime)
