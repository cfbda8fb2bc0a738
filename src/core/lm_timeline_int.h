/* lm_timeline_int: what the timeline's files share and nobody else sees.
 *
 *   lm_timeline.c  compiling a routine into segments, keys and events;
 *                  the state at a time, jumps, JSON
 *   lm_solve.c     the body at a time: keys eased, reach (IK), anchors,
 *                  the floor; props and framing worked out once per item
 */
#ifndef LM_TIMELINE_INT_H
#define LM_TIMELINE_INT_H

#include "lm_timeline.h"

#include <stddef.h>

#define FRAMING_HZ 15.0

/* Placement and framing need the whole item: computed once after
 * compiling it. */
void lm_tl_finish_item(LmTimeline *tl, LmItem *it);

/* Index of the last record in [lo, hi] whose time (a double `off` bytes
 * into each record, records `stride` bytes apart) is <= t; lo when none.
 * Items, segments and keys are all sorted by start time. */
int lm_tl_last_at_or_before(const void *base, size_t stride, size_t off, int lo, int hi, double t);

#endif
