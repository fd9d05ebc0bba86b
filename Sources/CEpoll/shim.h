// Linux epoll for Swift: Glibc's module does not export <sys/epoll.h>.
#ifndef CAPELLA_MOCK_CEPOLL_SHIM_H
#define CAPELLA_MOCK_CEPOLL_SHIM_H

#include <sys/epoll.h>

#endif
