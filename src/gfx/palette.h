/* palette: the colours that mean something wherever they appear. The
 * figure's sides are drawn in these, and every badge, bar or word that
 * names a side uses the same, so a colour on screen always matches the
 * limbs it points at. Meaning is carried by words too, never by colour
 * alone. Plain numbers, so a static initialiser can use them:
 * SDL_Color c = {LB_SIDE_LEFT_RGB, 255}. */
#ifndef LB_PALETTE_H
#define LB_PALETTE_H

/* The background behind the figure; the overlay may share it. */
#define LB_BG_R 16
#define LB_BG_G 22
#define LB_BG_B 32
/* The figure's sides (the Okabe-Ito pair, distinct under every common
 * colour-vision deficiency): anything that names a side should use these. */
#define LB_SIDE_LEFT_RGB 86, 180, 233 /* sky blue */
#define LB_SIDE_RIGHT_RGB 230, 159, 0 /* orange */
/* Arms: the same hues, paler (45 % toward white), told apart from legs. */
#define LB_ARM_LEFT_RGB 162, 214, 243
#define LB_ARM_RIGHT_RGB 241, 202, 115

#endif
