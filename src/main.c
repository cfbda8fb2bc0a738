/* main: the command line. (Being written: --list, --check, --timeline.) */
#include <stdio.h>

int main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    puts("limber: not yet");
    return 0;
}
