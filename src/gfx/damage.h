/* damage: which parts of a recorded frame differ from the last frame seen.
 * Every command is hashed into the LB_DAMAGE_TILE-pixel tiles it touches;
 * the tiles that differ are merged into a few rectangles. */
#ifndef LB_DAMAGE_H
#define LB_DAMAGE_H

#include "draw.h"

#define LB_DAMAGE_TILE 32
#define LB_DAMAGE_MAX_RECTS 64

typedef struct LbDamage LbDamage;

LbDamage *lb_damage_create(void);
void lb_damage_destroy(LbDamage *g);
/* The picture on the target is no longer the last frame's (a new surface,
 * an expose, a resize): the next frame is damaged everywhere. */
void lb_damage_invalidate(LbDamage *g);
/* The rectangles of the frame d that differ from the frame seen before:
 * writes at most LB_DAMAGE_MAX_RECTS to out (disjoint, inside the frame)
 * and returns how many; 0 when nothing changed. Then remembers d's tiles
 * as the frame seen. On running out of memory the whole frame is
 * returned as damaged. */
int lb_damage_update(LbDamage *g, const LbDraw *d, SDL_Rect *out);

#endif
