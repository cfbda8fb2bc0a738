/* lm_playback: the playback clock. */
#include "lm_playback.h"
