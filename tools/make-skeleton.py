#!/usr/bin/env python3
"""Writes anims/skeleton.json. Segment lengths are fractions of body height
from the segment table in D. A. Winter, Biomechanics and Motor Control of
Human Movement (4th ed., 2009), fig. 4.1. Right-side joints are the exact
mirror of the left (x of a direction negated; y and z of an axis negated),
which is what lm_pose_mirror relies on. Run it after changing a number here."""
import json, math, sys

def norm(v):
    l = math.sqrt(sum(c * c for c in v)); return [round(c / l, 6) for c in v]

def mirror_dir(v): return [-v[0], v[1], v[2]]
def mirror_axis(a): return [a[0], -a[1], -a[2]]

joints = {}
def joint(name, parent, length, direction, angles):
    joints[name] = {"parent": parent, "length": length, "dir": norm(direction) if direction else None,
                    "angles": {k: {"axis": ax, "min": lo, "max": hi} for k, (ax, lo, hi) in angles.items()}}
    if length == 0: del joints[name]["length"]; del joints[name]["dir"]

FLEX_FWD = [1, 0, 0]      # spine: top moves forward
BEND_L = [0, 0, -1]       # spine: side bend to the figure's left
TURN_L = [0, 1, 0]        # spine: turn to the figure's left
joint("pelvis", None, 0, None, {"flex": (FLEX_FWD, -20, 20), "abd": (BEND_L, -15, 15), "rot": (TURN_L, -20, 20)})
joint("lumbar", "pelvis", 0.080, [0, 1, 0], {"flex": (FLEX_FWD, -30, 60), "abd": (BEND_L, -25, 25), "rot": (TURN_L, -15, 15)})
joint("thorax", "lumbar", 0.100, [0, 1, 0], {"flex": (FLEX_FWD, -25, 45), "abd": (BEND_L, -25, 25), "rot": (TURN_L, -40, 40)})
joint("neck", "thorax", 0.108, [0, 1, 0], {"flex": (FLEX_FWD, -50, 60), "abd": (BEND_L, -35, 35), "rot": (TURN_L, -70, 70)})
joint("head", "neck", 0.052, [0, 1, 0.15], {"flex": (FLEX_FWD, -25, 35), "abd": (BEND_L, -15, 15), "rot": (TURN_L, -15, 15)})

def side(s, m):
    d = (lambda v: v) if m == 1 else mirror_dir
    a = (lambda v: v) if m == 1 else mirror_axis
    joint("shoulder_" + s, "thorax", 0.169, d([0.13, 0.108, 0]),
          {"flex": (a([-1, 0, 0]), -60, 180), "abd": (a([0, 0, 1]), -30, 180), "rot": (a([0, -1, 0]), -90, 90)})
    joint("elbow_" + s, "shoulder_" + s, 0.186, [0, -1, 0], {"flex": (a([-1, 0, 0]), 0, 150)})
    joint("wrist_" + s, "elbow_" + s, 0.146, [0, -1, 0], {"flex": (a([-1, 0, 0]), -70, 80)})
    joint("hip_" + s, "pelvis", 0.0955, d([1, 0, 0]),
          {"flex": (a([-1, 0, 0]), -20, 145), "abd": (a([0, 0, 1]), -30, 50), "rot": (a([0, -1, 0]), -60, 40)})
    joint("knee_" + s, "hip_" + s, 0.245, [0, -1, 0], {"flex": (a([1, 0, 0]), 0, 160)})
    joint("ankle_" + s, "knee_" + s, 0.246, [0, -1, 0], {"flex": (a([-1, 0, 0]), -55, 30)})
    joint("toe_" + s, "ankle_" + s, round(math.hypot(0.039, 0.11), 4), [0, -0.039, 0.11],
          {"flex": (a([-1, 0, 0]), -30, 70)})

side("l", 1)
side("r", -1)
sites = {
    "head_top": {"joint": "head", "offset": [0, 0.13, 0.01]},
    "hand_l": {"joint": "wrist_l", "offset": [0, -0.05, 0]},
    "hand_r": {"joint": "wrist_r", "offset": [0, -0.05, 0]},
    "heel_l": {"joint": "ankle_l", "offset": [0, -0.039, -0.035]},
    "heel_r": {"joint": "ankle_r", "offset": [0, -0.039, -0.035]},
    "toe_tip_l": {"joint": "toe_l", "offset": [0, 0, 0.045]},
    "toe_tip_r": {"joint": "toe_r", "offset": [0, 0, 0.045]},
}
doc = {"height_m": 1.70,
       "segment_table": "Winter, Biomechanics and Motor Control of Human Movement, 4th ed. (2009), fig. 4.1: segment lengths as fractions of body height",
       "joints": joints, "sites": sites}
out = sys.argv[1] if len(sys.argv) > 1 else "anims/skeleton.json"
with open(out, "w") as f:
    json.dump(doc, f, indent=2); f.write("\n")
