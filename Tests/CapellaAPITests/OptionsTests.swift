// Options.parse on its own: the connection timeouts (flags, environment, limits).

import CapellaAPI
import Testing

@Suite struct ConnectionTimeoutOptionTests {
    @Test func defaultsAreSixtySecondsIdleAndTenSecondsForARequest() throws {
        let options = try Options.parse([])
        #expect(options.idleTimeout == 60)
        #expect(options.headTimeout == 10)
    }

    @Test func flagsSetThemAndTakeFractions() throws {
        let options = try Options.parse(["--idle-timeout", "2.5", "--head-timeout=0.5"])
        #expect(options.idleTimeout == 2.5)
        #expect(options.headTimeout == 0.5)
    }

    @Test func theEnvironmentSetsThemAndAFlagWins() throws {
        let environment = ["CAPELLA_MOCK_IDLE_TIMEOUT": "7", "CAPELLA_MOCK_HEAD_TIMEOUT": "3"]
        let fromEnvironment = try Options.parse([], environment: environment)
        #expect(fromEnvironment.idleTimeout == 7)
        #expect(fromEnvironment.headTimeout == 3)
        let flagged = try Options.parse(["--idle-timeout", "9"], environment: environment)
        #expect(flagged.idleTimeout == 9)
        #expect(flagged.headTimeout == 3)
        // An invalid environment value does not matter next to its flag.
        let overridden = try Options.parse(["--head-timeout", "4"], environment: ["CAPELLA_MOCK_HEAD_TIMEOUT": "soon"])
        #expect(overridden.headTimeout == 4)
    }

    @Test func theLastFlagWins() throws {
        #expect(try Options.parse(["--idle-timeout", "5", "--idle-timeout", "6"]).idleTimeout == 6)
    }

    @Test(arguments: [
        (["--idle-timeout", "0"], "--idle-timeout 0"),
        (["--idle-timeout", "-1"], "--idle-timeout -1"),
        (["--idle-timeout", "0.05"], "--idle-timeout 0.05"),
        (["--head-timeout", "86401"], "--head-timeout 86401"),
        (["--head-timeout", "1e300"], "--head-timeout 1e300"),
        (["--head-timeout", "nan"], "--head-timeout nan"),
        (["--idle-timeout", "inf"], "--idle-timeout inf"),
        (["--head-timeout", "ten"], "--head-timeout ten"),
        (["--head-timeout", ""], "--head-timeout "),
    ])
    func outOfRangeOrNonNumericValuesAreRefusedWithTheFlagNamed(arguments: [String], shown: String) {
        #expect {
            _ = try Options.parse(arguments)
        } throws: { error in
            let text = "\(error)"
            return text.hasPrefix(shown + ":") && text.contains("from 0.1 to 86400")
        }
    }

    @Test func anInvalidEnvironmentValueIsRefusedWithTheVariableNamed() {
        #expect {
            _ = try Options.parse([], environment: ["CAPELLA_MOCK_IDLE_TIMEOUT": "0"])
        } throws: { error in
            "\(error)".hasPrefix("CAPELLA_MOCK_IDLE_TIMEOUT=0:")
        }
    }

    @Test func theBoundsThemselvesAreAccepted() throws {
        let options = try Options.parse(["--idle-timeout", "0.1", "--head-timeout", "86400"])
        #expect(options.idleTimeout == 0.1)
        #expect(options.headTimeout == 86_400)
    }

    @Test func helpListsBothFlagsWithTheirVariables() {
        #expect(Options.usage.contains("--idle-timeout VALUE"))
        #expect(Options.usage.contains("[CAPELLA_MOCK_IDLE_TIMEOUT]"))
        #expect(Options.usage.contains("--head-timeout VALUE"))
        #expect(Options.usage.contains("[CAPELLA_MOCK_HEAD_TIMEOUT]"))
    }
}
