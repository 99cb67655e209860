/* SPDX-License-Identifier: GPL-2.0-only */
/* Error numbers inside the hypervisor: the public ones, unprefixed. */
#ifndef XEN_ERRNO_H
#define XEN_ERRNO_H

#include <public/errno.h>

#define EPERM      XEN_EPERM
#define ENOENT     XEN_ENOENT
#define ESRCH      XEN_ESRCH
#define EIO        XEN_EIO
#define ENXIO      XEN_ENXIO
#define E2BIG      XEN_E2BIG
#define ENOEXEC    XEN_ENOEXEC
#define EBADF      XEN_EBADF
#define EAGAIN     XEN_EAGAIN
#define ENOMEM     XEN_ENOMEM
#define EACCES     XEN_EACCES
#define EFAULT     XEN_EFAULT
#define EBUSY      XEN_EBUSY
#define EEXIST     XEN_EEXIST
#define ENODEV     XEN_ENODEV
#define EINVAL     XEN_EINVAL
#define ENOSPC     XEN_ENOSPC
#define ERANGE     XEN_ERANGE
#define ENAMETOOLONG XEN_ENAMETOOLONG
#define ENOSYS     XEN_ENOSYS
#define EOVERFLOW  XEN_EOVERFLOW
#define EPROTONOSUPPORT XEN_EPROTONOSUPPORT
#define EOPNOTSUPP XEN_EOPNOTSUPP
#define ETIMEDOUT  XEN_ETIMEDOUT

/*
 * Never seen by a guest: a hypercall handler returns it to have the guest
 * execute the hypercall again (a continuation), after it recorded in the
 * guest's arguments how far it got, so that long work lets other vCPUs
 * run -- and a live update come -- between pieces.
 */
#define ERESTART   85

#endif /* XEN_ERRNO_H */
