#include "oblix/oblix.h"

int
main(int argc, char **argv)
{
	return ob_cli_main(argc, argv, stdout, stderr);
}
