package dev.tollgate.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium, headless, driven by its own chromedriver: installed from the Debian packages
 * when missing (the machine may be new), never downloaded by a test tool of its own.
 */
final class Browser {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private Browser() {}

    static ChromeDriver start(Path profile) throws IOException, InterruptedException {
        installIfMissing();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toString());
        // the flags this workplace's machines need: no sandbox as root, no background traffic
        // to the internet (refused here), a profile of its own
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--window-size=1400,1000",
                "--user-data-dir=" + profile.toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        return driver;
    }

    static void screenshot(ChromeDriver driver, String name) throws IOException {
        Path directory = Files.createDirectories(Path.of(System.getProperty("tollgate.work.dir", "target/it-work"))
                .resolve("screenshots"));
        Files.write(directory.resolve(name + ".png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    }

    private static void installIfMissing() throws IOException, InterruptedException {
        if (Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER)) {
            return;
        }
        System.out.println("Browser tests: installing Debian's chromium and chromium-driver");
        if (run(List.of("apt-get", "install", "-y", "chromium", "chromium-driver")) != 0) {
            run(List.of("apt-get", "update"));
            if (run(List.of("apt-get", "install", "-y", "chromium", "chromium-driver")) != 0) {
                throw new IllegalStateException("apt-get could not install chromium and chromium-driver; the browser"
                        + " tests need them (see target/it-work/apt-chromium.log)");
            }
        }
    }

    private static int run(List<String> command) throws IOException, InterruptedException {
        Path log = Path.of(System.getProperty("tollgate.work.dir", "target/it-work"))
                .resolve("apt-chromium.log");
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
        Process process = builder.start();
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            return -1;
        }
        return process.exitValue();
    }
}
