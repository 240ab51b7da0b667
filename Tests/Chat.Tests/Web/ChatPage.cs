using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace OrleansChat.Chat.Tests.Web;

/// <summary>The web client in one browser tab, as a person uses it: what they fill, click and see.</summary>
internal sealed class ChatPage
{
    private ChatPage(IPage page)
    {
        Page = page;
    }

    public IPage Page { get; }

    public ILocator SignInError => Page.Locator("#signin-error");

    public ILocator Chat => Page.Locator("#chat");

    public ILocator Composer => Page.Locator("#composer-text");

    public ILocator Banner => Page.Locator("#banner");

    public ILocator Typing => Page.Locator("#typing");

    public ILocator JoinRoomInput => Page.Locator("#join-room");

    /// <summary>The page in a tab opened by hand.</summary>
    public static ChatPage Of(IPage page) => new(page);

    /// <summary>Opens the page in a new tab of <paramref name="context"/>.</summary>
    public static async Task<ChatPage> OpenAsync(IBrowserContext context, Uri webAddress)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync(webAddress.ToString());
        return new ChatPage(page);
    }

    /// <summary>Fills the sign-in form and submits it, without waiting for the outcome.</summary>
    public async Task SubmitSignInAsync(string userId, string? token = null)
    {
        await Page.Locator("#signin-user").FillAsync(userId);
        await Page.Locator("#signin-token").FillAsync(token ?? string.Empty);
        await Page.Locator("#signin-button").ClickAsync();
    }

    public async Task SignInAsync(string userId, string? token = null)
    {
        await SubmitSignInAsync(userId, token);
        await Expect(Chat).ToBeVisibleAsync();
    }

    /// <summary>Joins (or creates) a room with the form and waits until it is the room on screen.</summary>
    public async Task JoinAsync(string roomId)
    {
        await JoinRoomInput.FillAsync(roomId);
        await Page.Locator("#join-button").ClickAsync();
        await Expect(RoomButton(roomId)).ToHaveAttributeAsync("aria-current", "true");
        await Expect(Messages(roomId).Locator(".placeholder")).ToHaveCountAsync(0);
    }

    /// <summary>Types a message and presses Enter.</summary>
    public async Task SendAsync(string text)
    {
        await Composer.FillAsync(text);
        await Composer.PressAsync("Enter");
    }

    public ILocator RoomButton(string roomId) => Page.Locator($"#room-list button[data-room='{roomId}']");

    /// <summary>The scroll area of a room's messages.</summary>
    public ILocator Messages(string roomId) => Page.Locator($".messages[data-room='{roomId}']");

    /// <summary>Chat messages (not notices) whose text contains <paramref name="text"/>, in the room on screen.</summary>
    public ILocator Message(string text) => Page.Locator("#message-area li.msg").Filter(new() { Has = Page.Locator(".text", new() { HasTextString = text }) });

    /// <summary>Join, leave and profile notices containing <paramref name="text"/>.</summary>
    public ILocator Notice(string text) => Page.Locator("#message-area li.notice").Filter(new() { HasTextString = text });

    public ILocator Member(string userId) => Page.Locator($"#member-list li[data-user='{userId}']");

    /// <summary>The seq of every event shown for the room, in page order.</summary>
    public async Task<IReadOnlyList<long>> SeqsAsync(string roomId)
    {
        var seqs = await Messages(roomId).Locator("li[data-seq]").EvaluateAllAsync<long[]>("items => items.map(i => Number(i.dataset.seq))");
        return seqs;
    }

    /// <summary>The texts of the chat messages shown for the room, in page order.</summary>
    public async Task<IReadOnlyList<string>> TextsAsync(string roomId) =>
        await Messages(roomId).Locator("li.msg[data-seq] .text").AllTextContentsAsync();

    public Task ScreenshotAsync(string name) =>
        Page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, name + ".png") });
}
