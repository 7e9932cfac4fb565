#ifndef NETIFY_LICENSES_CNCURSES_SHIM_H
#define NETIFY_LICENSES_CNCURSES_SHIM_H

// SwiftPM does not pass pkg-config's -D flags to the importer, so the wide
// character API must be switched on here, before the header is read.
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif

#include <locale.h>
#include <langinfo.h>
#include <string.h>
#include <wchar.h>
#include <ncursesw/curses.h>

// Swift 6 rejects C globals as shared mutable state and cannot import
// function-like macros: these small functions are the only way in.
static inline WINDOW *nl_stdscr(void) { return stdscr; }
static inline int nl_lines(void) { return LINES; }
static inline int nl_cols(void) { return COLS; }
static inline int nl_colors(void) { return COLORS; }
static inline int nl_color_pairs(void) { return COLOR_PAIRS; }

static inline attr_t nl_attr_bold(void) { return A_BOLD; }
static inline attr_t nl_attr_dim(void) { return A_DIM; }
static inline attr_t nl_attr_underline(void) { return A_UNDERLINE; }
static inline attr_t nl_attr_reverse(void) { return A_REVERSE; }
static inline attr_t nl_attr_italic(void) { return A_ITALIC; }
static inline attr_t nl_attr_normal(void) { return A_NORMAL; }

static inline int nl_set_attributes(attr_t attributes, int pair) {
    return attr_set(attributes, (short)pair, NULL);
}

static inline int nl_get_wch(wint_t *character) { return get_wch(character); }

// Mouse: clicks and the wheel only (no motion), so a click never drags.
static inline void nl_enable_mouse(int on) {
    mmask_t wanted = on ? (BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON4_PRESSED | BUTTON5_PRESSED) : 0;
    mousemask(wanted, NULL);
    mouseinterval(0);
}
static inline int nl_key_mouse(void) { return KEY_MOUSE; }
/// The last mouse event: 1 left button, 4 wheel up, 5 wheel down, 0 other; -1 when none could be read.
static inline int nl_read_mouse(int *column, int *row) {
    MEVENT event;
    if (getmouse(&event) != OK) return -1;
    *column = event.x;
    *row = event.y;
    if (event.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED)) return 1;
    if (event.bstate & BUTTON4_PRESSED) return 4;
    if (event.bstate & BUTTON5_PRESSED) return 5;
    return 0;
}

// From <term.h>, declared alone (the header defines macros such as `lines`).
extern char *tigetstr(const char *capname);
/// Whether the terminal has an alternate screen to leave on exit (rmcup):
/// `linux` and other consoles do not, so the dashboard must clear its own.
static inline int nl_has_alternate_screen(void) {
    char *leave = tigetstr("rmcup");
    return leave != NULL && leave != (char *)-1 && leave[0] != 0;
}
static inline int nl_ok(void) { return OK; }
static inline int nl_err(void) { return ERR; }
static inline int nl_key_code_yes(void) { return KEY_CODE_YES; }

// The environment's locale; when it is not UTF-8 (LANG unset, as in many
// containers and ssh sessions), C.UTF-8 for the character type, so wide
// characters (the status symbols, box lines, names in any script) are drawn
// as themselves rather than as bytes. Terminals today speak UTF-8.
static inline void nl_setlocale_from_environment(void) {
    setlocale(LC_ALL, "");
    const char *codeset = nl_langinfo(CODESET);
    if (codeset == NULL || strcmp(codeset, "UTF-8") != 0) {
        if (setlocale(LC_CTYPE, "C.UTF-8") == NULL) setlocale(LC_CTYPE, "C.utf8");
    }
}

// newterm rather than initscr: initscr exits the process when TERM is unusable,
// newterm returns NULL so the caller can say what to do instead.
static inline SCREEN *nl_newterm(void) {
    SCREEN *screen = newterm(NULL, stdout, stdin);
    if (screen != NULL) set_term(screen);
    return screen;
}

#endif
