/* SPDX-License-Identifier: MIT */
/*
 * Error numbers hypercalls return (negated), part of the guest ABI.  The
 * values are Linux's and Xen's.  Prefixed, so a guest or tool that also
 * has a C library's errno.h can include this too.
 */
#ifndef PUBLIC_ERRNO_H
#define PUBLIC_ERRNO_H

#define XEN_EPERM       1
#define XEN_ENOENT      2
#define XEN_ESRCH       3
#define XEN_EIO         5
#define XEN_ENXIO       6
#define XEN_E2BIG       7
#define XEN_ENOEXEC     8
#define XEN_EBADF       9
#define XEN_EAGAIN     11
#define XEN_ENOMEM     12
#define XEN_EACCES     13
#define XEN_EFAULT     14
#define XEN_EBUSY      16
#define XEN_EEXIST     17
#define XEN_ENODEV     19
#define XEN_EINVAL     22
#define XEN_ENOSPC     28
#define XEN_ERANGE     34
#define XEN_ENAMETOOLONG 36
#define XEN_ENOSYS     38
#define XEN_EOVERFLOW  75
#define XEN_EPROTONOSUPPORT 93
#define XEN_EOPNOTSUPP 95
#define XEN_ETIMEDOUT  110

#endif /* PUBLIC_ERRNO_H */
