#include <libyuv/convert.h>
#include <libyuv/convert_from_argb.h>
