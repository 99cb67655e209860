/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * util_strerror() (strerror.h): a table from public/errno.h's numbers to
 * their conventional text.  Portable, no library calls.
 */
#include <public/errno.h>

#include "strerror.h"

static const struct {
    int err;
    const char *text;
} util_errors[] = {
    {XEN_EPERM, "Operation not permitted"},
    {XEN_ENOENT, "No such file or directory"},
    {XEN_ESRCH, "No such process"},
    {XEN_EIO, "Input/output error"},
    {XEN_ENXIO, "No such device or address"},
    {XEN_E2BIG, "Argument list too long"},
    {XEN_ENOEXEC, "Exec format error"},
    {XEN_EBADF, "Bad file descriptor"},
    {XEN_EAGAIN, "Resource temporarily unavailable"},
    {XEN_ENOMEM, "Cannot allocate memory"},
    {XEN_EACCES, "Permission denied"},
    {XEN_EFAULT, "Bad address"},
    {XEN_EBUSY, "Device or resource busy"},
    {XEN_EEXIST, "File exists"},
    {XEN_ENODEV, "No such device"},
    {XEN_EINVAL, "Invalid argument"},
    {XEN_ENOSPC, "No space left on device"},
    {XEN_ERANGE, "Numerical result out of range"},
    {XEN_ENAMETOOLONG, "File name too long"},
    {XEN_ENOSYS, "Function not implemented"},
    {XEN_EOVERFLOW, "Value too large for defined data type"},
    {XEN_EPROTONOSUPPORT, "Protocol not supported"},
    {XEN_EOPNOTSUPP, "Operation not supported"},
    {XEN_ETIMEDOUT, "Connection timed out"},
};

const char *util_strerror(int err)
{
    unsigned int i;

    if (err == 0)
        return "Success";
    for (i = 0; i < sizeof(util_errors) / sizeof(util_errors[0]); i++)
        if (util_errors[i].err == err || -util_errors[i].err == err)
            return util_errors[i].text;
    return "Unknown error";
}
