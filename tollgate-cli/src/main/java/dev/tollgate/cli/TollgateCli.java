package dev.tollgate.cli;

import dev.tollgate.cli.oauth.OAuthLoginCommand;
import dev.tollgate.cli.oauth.OAuthRefreshAllCommand;
import dev.tollgate.cli.oauth.OAuthRefreshCommand;
import dev.tollgate.cli.oauth.OAuthStatusCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code ./tollgate}. */
@Command(
        name = "tollgate",
        mixinStandardHelpOptions = true,
        version = "Tollgate 0.1.0-SNAPSHOT",
        description = "Enterprise gateway for the Claude API.",
        subcommands = {
            RunCommand.class,
            GenerateApiKeyCommand.class,
            OAuthLoginCommand.class,
            OAuthStatusCommand.class,
            OAuthRefreshCommand.class,
            OAuthRefreshAllCommand.class,
            VerifyJournalCommand.class,
            CommandLine.HelpCommand.class
        })
public class TollgateCli {

    public static void main(String[] args) {
        System.exit(new CommandLine(new TollgateCli()).execute(args));
    }
}
