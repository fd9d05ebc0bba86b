// capella-mock: see CapellaMockMain for what it does. Kept to one call so that Dispatch handlers
// are installed from library code, not main-actor top-level closures.

import CapellaAPI
import FoundationEssentials

CapellaMockMain.run(arguments: Array(CommandLine.arguments.dropFirst()),
                    environment: ProcessInfo.processInfo.environment)
