/* home: the screen limber opens on. Cards for the routines (shipped, then
 * the user's own), a "New routine" card and the exercises, each with a
 * small live figure going through its key poses, its title, how long it
 * lasts at the chosen level, where it is felt and the article it comes
 * from. A damaged user file shows as a card carrying the loader's message.
 *
 *   home.c        layout (pure) and drawing
 *   home_cards.c  what each card says, its timeline (compiled a few at a
 *                 time, cached per level) and the previews' motion
 *
 * The app owns the selection, the scroll and what a key does; this module
 * only says what goes where and draws it. */
#ifndef LB_HOME_H
#define LB_HOME_H

#include <SDL.h>
#include <stdbool.h>
#include <stddef.h>

#include "draw.h"
#include "lm_timeline.h"
#include "text.h"

/* ---- cards -------------------------------------------------------------- */

typedef enum {
    LB_CARD_CONTINUE = 0, /* where the last session was left: plays on from there */
    LB_CARD_ROUTINE,
    LB_CARD_NEW, /* opens the routine builder */
    LB_CARD_EXERCISE,
    LB_CARD_BROKEN, /* a user file that could not be loaded: cannot be started */
} LbCardKind;

#define LB_CARD_TEXT 192
typedef struct {
    LbCardKind kind;
    int index;                 /* the routine or exercise in the library; -1 for none */
    bool user;                 /* the user's own routine: it can be edited and deleted */
    char id[128];              /* its id (a broken file's name) */
    char title[LB_CARD_TEXT];  /* "Back spasm relief" */
    char what[LB_CARD_TEXT];   /* "Routine \xC2\xB7 6 exercises \xC2\xB7 9:17 min" */
    char feel[LB_CARD_TEXT];   /* "Felt in: low back, buttocks" (more than three: "Felt in: low back and 4 more") */
    char source[LB_CARD_TEXT]; /* "From Tom's Guide" */
    char message[640];         /* a broken file: the loader's message */
    double seconds;            /* how long it lasts at the level; < 0 while not known */
    const LmTimeline *tl;      /* the preview's timeline; NULL while not compiled */
    double still_s;            /* a continue card: the moment it shows, still */
    double loop_s;             /* the preview's loop through the key poses (0: none) */
} LbHomeCard;

/* The cards for a library at a level, with their timelines compiled a few
 * at a time (a whole library takes some tens of milliseconds, more than a
 * frame and than start-up can spare) and kept for both levels. */
typedef struct {
    LbHomeCard *cards;
    int n, cap;
    const LmLibrary *lib;
    LmLevel level;
    double hold_s; /* --hold: every stretch this long (0 = the level's) */
    /* Timelines per library entry (exercises, then routines) per level. */
    LmTimeline **tls;
    int n_tls;
    bool has_continue;
} LbHomeCards;

/* (Re)make the cards for lib at level: routines (shipped, then the
 * user's), the user's files that could not be loaded (lib->broken),
 * "New routine", the exercises. Keeps a continue card given before.
 * False when out of memory. */
bool lb_home_cards_build(LbHomeCards *hc, const LmLibrary *lib, LmLevel level, double hold_s);
/* Lengths and previews at another level (cached timelines are kept). */
void lb_home_cards_set_level(LbHomeCards *hc, LmLevel level);
/* Compile the timelines still missing, at most budget_s of this thread's
 * time (at least one). True when every card is ready. */
bool lb_home_cards_compile(LbHomeCards *hc, double budget_s);
/* The continue card first (tl kept by the caller, t_s the place), or
 * none (tl NULL). */
void lb_home_cards_set_continue(LbHomeCards *hc, const LmTimeline *tl, double t_s, const char *id, bool routine);
void lb_home_cards_free(LbHomeCards *hc);

/* Plain words for where an exercise is felt ("low back", "outer hip"),
 * one area a side counted once; NULL for an unknown value. */
const char *lb_feel_words(LmFeel f);
/* The article a source names, shortened for a card: the label before a
 * colon, in lower case ("both articles"), else the part before the first comma or
 * parenthesis ("Tom's Guide"). */
void lb_source_short(const char *source, char *out, size_t n);
/* "9:17 min", "45 s". */
void lb_length_words(double seconds, char *out, size_t n);
/* The moment of tl a preview shows wall_s seconds into its loop: the
 * motions of the first side (first repetition only), each played, then
 * held a moment on the pose it reaches. */
double lb_home_preview_t(const LbHomeCard *c, double wall_s);

/* ---- layout ------------------------------------------------------------- */

typedef struct {
    SDL_Rect safe;   /* the title-safe area: everything is inside it */
    SDL_Rect header; /* the heading and the level */
    SDL_Rect grid;   /* where cards show (they scroll within it) */
    SDL_Rect footer; /* the keys */
    int cols, card_w, card_h, gap;
    int unit; /* the size unit text sizes derive from */
} LbHomeLayout;

void lb_home_layout(int w, int h, LbHomeLayout *L);
/* Card i's rectangle on screen with the grid scrolled by scroll_px. */
SDL_Rect lb_home_card_rect(const LbHomeLayout *L, int i, float scroll_px);
/* How far the grid may scroll for n cards. */
float lb_home_scroll_max(const LbHomeLayout *L, int n);
/* The scroll that shows card i whole, changing scroll_px as little as it can. */
float lb_home_scroll_to(const LbHomeLayout *L, int n, int i, float scroll_px);
/* The card under (x, y), or -1. */
int lb_home_hit(const LbHomeLayout *L, int n, float scroll_px, int x, int y);
/* The card a move from card i lands on: dx across a row (wrapping to the
 * next or the row before), dy down or up a column; clamped to the cards. */
int lb_home_move(const LbHomeLayout *L, int n, int i, int dx, int dy);

/* ---- drawing ------------------------------------------------------------ */

typedef struct {
    const LbHomeCards *cards;
    int selected;
    float scroll_px;
    double t_s;        /* wall seconds: the previews move with it */
    const char *level; /* "beginner" */
    const char *toast; /* a short note, or NULL */
    float toast_alpha;
    const char *ask; /* a question over everything ("Delete ...?"), or NULL */
} LbHomeView;

typedef struct LbHome LbHome;

/* A home screen drawing with text (borrowed: the caller keeps it alive and
 * forgets its textures) and figures of skeleton sk. NULL when out of memory. */
LbHome *lb_home_create(LbText *text, const LmSkeleton *sk);
void lb_home_destroy(LbHome *h);
/* Record the home screen at w x h into the home's list (valid until the
 * next record), making text textures with r. NULL on failure. */
const LbDraw *lb_home_record(LbHome *h, SDL_Renderer *r, int w, int hh, const LbHomeView *v);
/* The audience's picture while the presenter chooses: a calm title card
 * for the selected card. */
const LbDraw *lb_home_record_title(LbHome *h, SDL_Renderer *r, int w, int hh, const LbHomeView *v);
/* Cards' previews drawn so far (tests: only visible cards draw). */
unsigned long lb_home_previews_drawn(const LbHome *h);

/* The key hints under the cards, and the help card's lines for this screen. */
const char *lb_home_hint(const LbHomeCard *selected);

#endif
