/* sides: the words that name the side being worked and where it is on the
 * screen (lm_camera tells which side of the screen a side of the body is
 * on). */
#include "overlay_int.h"

#include <math.h>
#include <stdio.h>

/* Where the side being worked (1 left, 2 right) is on screen. */
LmScreenSide ov_worked_side(int side, LmScreenSide left_at, bool mirror)
{
    if (left_at == LM_SCREEN_AUTO)
        left_at = mirror ? LM_SCREEN_LEFT : LM_SCREEN_RIGHT;
    if (side != 2)
        return left_at;
    switch (left_at) { /* the right side is opposite the left */
    case LM_SCREEN_LEFT: return LM_SCREEN_RIGHT;
    case LM_SCREEN_RIGHT: return LM_SCREEN_LEFT;
    case LM_SCREEN_NEAR: return LM_SCREEN_FAR;
    case LM_SCREEN_FAR: return LM_SCREEN_NEAR;
    default: return LM_SCREEN_UNCLEAR;
    }
}

void lb_side_words(int side, LmScreenSide figure_left_on_screen, bool mirror, char *big, size_t big_size, char *small,
                   size_t small_size)
{
    if (big_size)
        big[0] = '\0';
    if (small_size)
        small[0] = '\0';
    if (side != 1 && side != 2)
        return;
    snprintf(big, big_size, "%s side", side == 1 ? "LEFT" : "RIGHT");
    /* Facing the viewer, the figure's left is on the screen's right; the
     * mirror flips the picture, so then it is on the screen's left. */
    LmScreenSide at = ov_worked_side(side, figure_left_on_screen, mirror);
    if (at == LM_SCREEN_LEFT || at == LM_SCREEN_RIGHT)
        snprintf(small, small_size, "on your screen: %s", at == LM_SCREEN_RIGHT ? "right" : "left");
    else if (at == LM_SCREEN_NEAR || at == LM_SCREEN_FAR) /* a side view */
        snprintf(small, small_size, "%s", at == LM_SCREEN_NEAR ? "the side nearer you" : "the side away from you");
}
