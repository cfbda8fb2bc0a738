/* lm_timeline: compile and sample. */
#include "lm_timeline.h"
