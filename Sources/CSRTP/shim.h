#ifndef HYPERCUBE_CSRTP_SHIM_H
#define HYPERCUBE_CSRTP_SHIM_H
#include <srtp2/srtp.h>
#endif
