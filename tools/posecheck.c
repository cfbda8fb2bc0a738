/* posecheck: a developer tool for authoring poses. Prints, for every named
 * pose (or the one named), each point's height of body surface above the
 * floor once the figure rests on it, and the head's. Run from the repo root:
 * build/limber-posecheck [POSE] */
#include <stdio.h>
#include <string.h>
#include "lm_library.h"
int main(int argc, char **argv)
{
  LmLibrary lib; LmErrors e = {0};
  lm_lib_load(&lib, ".", &e);
  for (int i = 0; i < e.count; i++) fprintf(stderr, "%s\n", e.items[i]);
  for (int k = 0; k < lib.n_poses; k++) {
    if (argc > 1 && strcmp(argv[1], lib.poses[k].name)) continue;
    LmFrame f; lm_fk(&lib.skel, &lib.poses[k].pose, &f);
    double low = lm_frame_lowest_y(&lib.skel, &f);
    printf("== %s (lowest: %s)\n", lib.poses[k].name, lm_point_name(lm_frame_lowest_point(&lib.skel,&f)));
    for (int p = 0; p < LM_POINT_COUNT; p++) {
      double s = f.p[p].y - low - lm_point_radius_m(&lib.skel, p);
      printf("  %-10s surf %6.3f  pos %6.3f %6.3f %6.3f\n", lm_point_name(p), s, f.p[p].x, f.p[p].y-low, f.p[p].z);
    }
    LmVec3 hc = lm_head_centre(&f); printf("  head surf %6.3f\n", hc.y - low - lm_head_radius_m(&lib.skel));
  }
  return 0;
}
