/* lm_anim: exercise, routine, pose and voice manifest loading. */
#include "lm_anim.h"
