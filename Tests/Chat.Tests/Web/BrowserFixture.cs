using Microsoft.Playwright;

namespace OrleansChat.Chat.Tests.Web;

/// <summary>
/// One headless Chromium (Debian's, at /usr/bin/chromium: nothing downloads a browser) driven by Playwright, shared by
/// the tests of a class. Each simulated user gets a context of their own (own storage, own connections).
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Where the tests save screenshots of the page: screenshots/ in the test output directory.</summary>
    public static string ScreenshotDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException(
                ChromiumPath + " is missing: the browser tests drive Debian's Chromium. Install it with Tests/install-peers.sh (apt-get install chromium).");
        }

        Directory.CreateDirectory(ScreenshotDirectory);
        Assertions.SetDefaultExpectTimeout(15_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }

    /// <summary>A new user's browser: a fresh context, desktop size unless told otherwise.</summary>
    public Task<IBrowserContext> NewUserAsync(ColorScheme colorScheme = ColorScheme.Light, int width = 1200, int height = 760) =>
        Browser.NewContextAsync(new()
        {
            ColorScheme = colorScheme,
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "en-GB",
            TimezoneId = "UTC",
        });
}
