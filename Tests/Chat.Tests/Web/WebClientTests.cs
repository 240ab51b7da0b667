using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using OrleansChat.Chat.Tests.Gateway;
using OrleansChat.Gateway.Auth;
using OrleansChat.Protocol.V1;
using OrleansChat.Silo.Hosting;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace OrleansChat.Chat.Tests.Web;

/// <summary>
/// The web client (Web/, served by the gateway at / on its web port) in a real headless Chromium: people sign in,
/// join rooms and chat, next to a gRPC client, through an in-process server. Waits are Playwright's auto-waiting
/// assertions on what the page shows, never sleeps. Screenshots of the main states go to screenshots/ in the test
/// output directory.
/// </summary>
public sealed class WebClientTests(BrowserFixture browser, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Two_browsers_and_a_grpc_client_chat_live_in_one_room()
    {
        await using var server = await StartServerAsync();
        var room = TestChatServer.NewRoomId("web");
        using var carol = await ChatTestClient.ConnectAsync(server.Address, "carol");
        await carol.JoinAsync(room);
        await carol.SendAsync(room, "welcome to the room");

        // Alice uses the keyboard only: the user id has the focus, Enter signs in, the join field has the focus
        // (no rooms yet), Enter joins, the composer has the focus, Enter sends.
        await using var aliceBrowser = await browser.NewUserAsync();
        var alice = await ChatPage.OpenAsync(aliceBrowser, server.WebAddress!);
        await Expect(alice.Page.Locator("#signin-user")).ToBeFocusedAsync();
        await alice.Page.Keyboard.TypeAsync("alice");
        await alice.Page.Keyboard.PressAsync("Enter");
        await Expect(alice.JoinRoomInput).ToBeFocusedAsync();
        await alice.ScreenshotAsync("signed-in");
        await alice.Page.Keyboard.TypeAsync(room);
        await alice.Page.Keyboard.PressAsync("Enter");
        await Expect(alice.Message("welcome to the room")).ToBeVisibleAsync();
        await Expect(alice.Composer).ToBeFocusedAsync();
        await alice.Page.Keyboard.TypeAsync("hello from alice");
        await alice.Page.Keyboard.PressAsync("Enter");

        await using var bobBrowser = await browser.NewUserAsync();
        var bob = await ChatPage.OpenAsync(bobBrowser, server.WebAddress!);
        await bob.SignInAsync("bob");
        await bob.JoinAsync(room);

        // Alice's message: sent (acknowledged) on her page, in bob's history, live at carol's.
        await Expect(alice.Message("hello from alice")).ToHaveAttributeAsync("data-state", "sent");
        await Expect(bob.Message("hello from alice")).ToBeVisibleAsync();
        Assert.Equal("alice", (await carol.WaitForTextAsync(room, "hello from alice")).SenderId);

        // Live both ways, and from the gRPC client.
        await bob.SendAsync("hi alice, bob here");
        await Expect(alice.Message("hi alice, bob here")).ToBeVisibleAsync();
        await carol.WaitForTextAsync(room, "hi alice, bob here");
        await carol.SendAsync(room, "carol over grpc");
        await Expect(alice.Message("carol over grpc")).ToBeVisibleAsync();
        await Expect(bob.Message("carol over grpc")).ToBeVisibleAsync();
        await Expect(bob.Message("hi alice, bob here")).ToHaveAttributeAsync("data-state", "sent");

        // Everyone sees the same messages in the same order with the same seqs: the room's history.
        var history = await TestChatServer.CallAsync(server, ChatCalls.GetHistory, new GetHistoryRequest { RoomId = room }, "carol");
        var texts = history.Events.Where(e => e.Kind == EventKind.Text).Select(e => e.Text).ToList();
        Assert.Equal(["welcome to the room", "hello from alice", "hi alice, bob here", "carol over grpc"], texts);
        Assert.Equal(texts, await alice.TextsAsync(room));
        Assert.Equal(texts, await bob.TextsAsync(room));
        var seqs = await alice.SeqsAsync(room);
        Assert.Equal(history.Events.Select(e => e.Seq).Where(seq => seq >= seqs[0]), seqs);
        await Expect(alice.Member("bob")).ToHaveAttributeAsync("data-online", "true");
        await alice.ScreenshotAsync("chatting");
        AssertNoErrors(server);
    }

    [Fact]
    public async Task Joining_shows_the_latest_50_messages_and_scrolling_up_loads_older_ones()
    {
        await using var server = await StartServerAsync(o => o.Rooms.HistoryDepth = 200);
        var room = TestChatServer.NewRoomId("web-history");
        using (var carol = await ChatTestClient.ConnectAsync(server.Address, "carol"))
        {
            await carol.JoinAsync(room);
            await TestChatServer.SendBatchAsync(server, "carol", Enumerable.Range(1, 120).Select(i => new BatchMessage
            {
                RoomId = room,
                ClientMessageId = Guid.NewGuid().ToString(),
                Text = "old message " + i.ToString("000", CultureInfo.InvariantCulture),
            }));
        }

        await using var context = await browser.NewUserAsync();
        var alice = await ChatPage.OpenAsync(context, server.WebAddress!);
        await alice.SignInAsync("alice");
        await alice.JoinAsync(room);
        await Expect(alice.Message("old message 120")).ToBeVisibleAsync();
        Assert.Equal(50, (await alice.SeqsAsync(room)).Count);
        await Expect(alice.Message("old message 001")).ToHaveCountAsync(0);

        // Scrolling to the top asks for the page before the oldest shown (GetHistory with before_seq), twice.
        var messages = alice.Messages(room);
        await messages.EvaluateAsync("e => e.scrollTop = 0");
        await Expect(alice.Message("old message 030")).ToHaveCountAsync(1);
        await messages.EvaluateAsync("e => e.scrollTop = 0");
        await Expect(alice.Message("old message 001")).ToHaveCountAsync(1);
        await Expect(messages.Locator(".older-status")).ToHaveTextAsync("This is the beginning of #" + room + ".");

        var seqs = await alice.SeqsAsync(room);
        AssertContiguous(seqs);
        Assert.Equal(1, seqs[0]);
        Assert.Equal(Enumerable.Range(1, 120).Select(i => "old message " + i.ToString("000", CultureInfo.InvariantCulture)), await alice.TextsAsync(room));
        AssertNoErrors(server);
    }

    [Fact]
    public async Task Presence_typing_and_profile_changes_show_in_the_other_tab()
    {
        await using var server = await StartServerAsync();
        var room = TestChatServer.NewRoomId("web-presence");
        await using var aliceBrowser = await browser.NewUserAsync();
        var alice = await ChatPage.OpenAsync(aliceBrowser, server.WebAddress!);
        await alice.SignInAsync("alice");
        await alice.JoinAsync(room);
        await alice.SendAsync("before the change");
        await using var bobBrowser = await browser.NewUserAsync();
        var bob = await ChatPage.OpenAsync(bobBrowser, server.WebAddress!);
        await bob.SignInAsync("bob");
        await bob.JoinAsync(room);
        await Expect(bob.Member("alice")).ToHaveAttributeAsync("data-online", "true");
        await Expect(alice.Member("bob")).ToHaveAttributeAsync("data-online", "true");
        await Expect(alice.Notice("bob joined the room")).ToHaveCountAsync(1);

        // Typing shows in the other tab, and clears when the message arrives.
        await alice.Composer.PressSequentiallyAsync("still typ");
        await Expect(bob.Typing).ToHaveTextAsync("alice is typing…");
        await alice.Composer.PressSequentiallyAsync("ing, done");
        await alice.Composer.PressAsync("Enter");
        await Expect(bob.Message("still typing, done")).ToBeVisibleAsync();
        await Expect(bob.Typing).ToHaveTextAsync(string.Empty);

        // A new name and avatar, edited in the page, show in bob's tab: the notice, the member list, the messages.
        await alice.Page.Locator("#profile-edit").ClickAsync();
        await alice.Page.Locator("#profile-display-name").FillAsync("Alice Liddell");
        await alice.Page.Locator("#profile-avatar-input").FillAsync("🐇");
        await alice.Page.Locator("#profile-save").ClickAsync();
        await Expect(alice.Page.Locator("#profile-name")).ToHaveTextAsync("Alice Liddell");
        await Expect(bob.Notice("alice is now known as Alice Liddell")).ToHaveCountAsync(1);
        await Expect(bob.Member("alice").Locator(".name")).ToHaveTextAsync("Alice Liddell");
        await Expect(bob.Member("alice").Locator(".avatar")).ToHaveTextAsync("🐇");
        await Expect(bob.Message("before the change").Locator(".name")).ToHaveTextAsync("Alice Liddell");
        await bob.ScreenshotAsync("profile-and-presence");

        // Alice closes her tab: bob sees her go offline.
        await aliceBrowser.CloseAsync();
        await Expect(bob.Member("alice")).ToHaveAttributeAsync("data-online", "false");
        await Expect(bob.Page.Locator("#room-summary")).ToHaveTextAsync("2 members, 1 online");
        AssertNoErrors(server);
    }

    [Fact]
    public async Task Seven_rooms_have_unread_counts_and_one_can_be_left_with_the_button()
    {
        await using var server = await StartServerAsync();
        var rooms = Enumerable.Range(1, 7).Select(i => TestChatServer.NewRoomId("web-" + i)).ToList();
        var (first, last) = (rooms[0], rooms[^1]);
        await using var context = await browser.NewUserAsync();
        var alice = await ChatPage.OpenAsync(context, server.WebAddress!);
        await alice.SignInAsync("alice");
        foreach (var room in rooms)
        {
            await alice.JoinAsync(room);
        }

        // Seven rooms on one page: a browser opens at most 6 HTTP/1.1 connections to a server, and sending still works.
        await alice.SendAsync("in the seventh room");
        await Expect(alice.Message("in the seventh room")).ToHaveAttributeAsync("data-state", "sent");

        using var carol = await ChatTestClient.ConnectAsync(server.Address, "carol");
        await carol.JoinAsync(first);
        await carol.SendAsync(first, "unread one");
        await carol.SendAsync(first, "unread two");
        await Expect(alice.RoomButton(first).Locator(".badge")).ToHaveTextAsync("2");
        await Expect(alice.Page).ToHaveTitleAsync("(2) #" + last + " — OrleansChat");

        await alice.RoomButton(first).ClickAsync();
        await Expect(alice.Message("unread two")).ToBeVisibleAsync();
        await Expect(alice.RoomButton(first).Locator(".badge")).ToHaveCountAsync(0);
        await Expect(alice.Page).ToHaveTitleAsync("#" + first + " — OrleansChat");

        // Leave: the room goes from the list, carol sees alice leave, and a reload does not bring it back.
        await alice.Page.Locator("#leave-room").ClickAsync();
        await Expect(alice.RoomButton(first)).ToHaveCountAsync(0);
        await carol.WaitForEventAsync(e => e.RoomId == first && e.Kind == EventKind.Leave && e.SenderId == "alice", "alice leaving " + first);
        await alice.Page.ReloadAsync();
        await Expect(alice.RoomButton(last)).ToBeVisibleAsync();
        await Expect(alice.Page.Locator("#room-list button")).ToHaveCountAsync(6);
        await Expect(alice.RoomButton(first)).ToHaveCountAsync(0);
        AssertNoErrors(server);
    }

    [Fact]
    public async Task After_a_server_restart_the_page_resumes_with_no_gap_and_no_duplicate()
    {
        var data = Directory.CreateTempSubdirectory("orleanschat-web-restart-").FullName;
        var servers = new List<ChatServer>();
        try
        {
            await RestartScenarioAsync(data, servers);
        }
        finally
        {
            foreach (var server in servers)
            {
                await server.DisposeAsync();
            }

            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task A_wrong_token_shows_a_clear_message_and_a_valid_one_signs_in()
    {
        const string secret = "web-test-secret";
        await using var server = await StartServerAsync(o => o.Gateway.TokenSecret = secret);
        await using var context = await browser.NewUserAsync();
        var page = await ChatPage.OpenAsync(context, server.WebAddress!);

        await page.SubmitSignInAsync("alice", new TokenIssuer("another-secret").Issue("alice", TimeSpan.FromHours(1)));
        await Expect(page.SignInError).ToBeVisibleAsync();
        await Expect(page.SignInError).ToContainTextAsync("The server refused this access token (UNAUTHENTICATED");
        await Expect(page.Chat).ToBeHiddenAsync();
        await page.ScreenshotAsync("wrong-token");

        await page.SubmitSignInAsync("alice");
        await Expect(page.SignInError).ToHaveTextAsync("This server requires an access token: enter yours in the Access token field.");

        await page.SignInAsync("alice", new TokenIssuer(secret).Issue("alice", TimeSpan.FromHours(1)));
        await Expect(page.Page.Locator("#profile-id")).ToHaveTextAsync("@alice");
        AssertNoErrors(server);
    }

    [Fact]
    public async Task Phone_width_and_dark_mode_keep_the_chat_usable()
    {
        await using var server = await StartServerAsync();
        var room = TestChatServer.NewRoomId("web-phone");
        using var carol = await ChatTestClient.ConnectAsync(server.Address, "carol");
        await carol.JoinAsync(room);
        await carol.SendAsync(room, "A longer message to see how it wraps on a narrow screen, with a link: https://example.org/chat");

        await using var phoneBrowser = await browser.NewUserAsync(width: 375, height: 740);
        var phone = await ChatPage.OpenAsync(phoneBrowser, server.WebAddress!);
        await phone.ScreenshotAsync("phone-sign-in");
        await phone.SignInAsync("alice");

        // The rooms panel is a drawer on a phone: opened with its button, closed with Escape.
        await phone.Page.Locator("#open-rooms").ClickAsync();
        await phone.JoinAsync(room);
        await Expect(phone.Page.Locator("#rooms-panel")).Not.ToBeInViewportAsync();
        await phone.SendAsync("hello from a phone");
        await Expect(phone.Message("hello from a phone")).ToHaveAttributeAsync("data-state", "sent");
        Assert.True(await phone.Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways at 375 px");
        await Expect(phone.Composer).ToBeInViewportAsync();
        await phone.ScreenshotAsync("phone-chatting");
        await phone.Page.Locator("#open-members").ClickAsync();
        await Expect(phone.Member("carol")).ToBeInViewportAsync();
        await phone.ScreenshotAsync("phone-members");
        await phone.Page.Keyboard.PressAsync("Escape");
        await Expect(phone.Page.Locator("#members-panel")).Not.ToBeInViewportAsync();

        await using var darkBrowser = await browser.NewUserAsync(ColorScheme.Dark);
        var dark = await ChatPage.OpenAsync(darkBrowser, server.WebAddress!);
        await dark.SignInAsync("bob");
        await dark.JoinAsync(room);
        await Expect(dark.Message("hello from a phone")).ToBeVisibleAsync();
        await Expect(dark.Page.Locator("body")).ToHaveCSSAsync("background-color", "rgb(20, 22, 27)");
        await dark.ScreenshotAsync("dark-mode");
        AssertNoErrors(server);
    }

    [Fact]
    public async Task First_load_weight_and_time_to_first_message_are_measured()
    {
        await using var server = await StartServerAsync();
        var room = TestChatServer.NewRoomId("web-measure");
        using var carol = await ChatTestClient.ConnectAsync(server.Address, "carol");
        await carol.JoinAsync(room);
        await carol.SendAsync(room, "first message");
        foreach (var user in new[] { "dana", "erin" })
        {
            using var member = await ChatTestClient.ConnectAsync(server.Address, user);
            await member.JoinAsync(room);
        }

        await using var context = await browser.NewUserAsync();
        var page = await context.NewPageAsync();
        await page.AddInitScriptAsync(ArrivalRecorder);
        var finished = new ConcurrentQueue<Task<(string Url, long Bytes, string Encoding)>>();
        page.RequestFinished += (_, request) => finished.Enqueue(TransferredAsync(request));
        await page.GotoAsync(server.WebAddress!.ToString(), new() { WaitUntil = WaitUntilState.Load });
        var chat = ChatPage.Of(page);
        await page.Locator("#signin-user").FillAsync("dana");
        await page.Locator("#signin-button").ClickAsync();
        await Expect(chat.Message("first message")).ToBeVisibleAsync();
        var requests = await Task.WhenAll(finished);
        var signInToMessage = await page.EvaluateAsync<double>("() => window.__firstMessageAt - window.__signInAt");
        var load = await page.EvaluateAsync<double>("() => performance.getEntriesByType('navigation')[0].loadEventEnd");

        // A reload signs in from the tab's session: navigation start to the first message on screen.
        await page.ReloadAsync();
        await Expect(chat.Message("first message")).ToBeVisibleAsync();
        var reloadToMessage = await page.EvaluateAsync<double>("() => window.__firstMessageAt");

        // A live message from a gRPC client to the screen.
        var sentAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await carol.SendAsync(room, "live message");
        await Expect(chat.Message("live message")).ToBeVisibleAsync();
        var shownAt = await page.EvaluateAsync<double>("() => window.__arrivals['live message']");

        // The same first sign-in on a server that has served a page before (no first-call costs in the server).
        await using var warmContext = await browser.NewUserAsync();
        var warm = await warmContext.NewPageAsync();
        await warm.AddInitScriptAsync(ArrivalRecorder);
        await warm.GotoAsync(server.WebAddress!.ToString(), new() { WaitUntil = WaitUntilState.Load });
        await warm.Locator("#signin-user").FillAsync("erin");
        await warm.Locator("#signin-button").ClickAsync();
        await Expect(ChatPage.Of(warm).Message("first message")).ToBeVisibleAsync();
        var warmSignInToMessage = await warm.EvaluateAsync<double>("() => window.__firstMessageAt - window.__signInAt");
        var warmLoad = await warm.EvaluateAsync<double>("() => performance.getEntriesByType('navigation')[0].loadEventEnd");

        var pageFiles = requests.Where(r => !r.Url.Contains("/chat.v1.", StringComparison.Ordinal)).ToList();
        var lines = new List<string>
        {
            $"first load, page files: {pageFiles.Sum(r => r.Bytes)} bytes transferred ({string.Join(", ", pageFiles.Select(r => $"{new Uri(r.Url).AbsolutePath} {r.Bytes} {r.Encoding}"))})",
            $"first load, with the sign-in calls (GetProfile, ListRooms): {requests.Sum(r => r.Bytes)} bytes in {requests.Length} requests",
            $"page load event: {load:F0} ms after navigation start (server's first page), {warmLoad:F0} ms (next one)",
            $"sign-in click to first message on screen: {signInToMessage:F0} ms (server's first sign-in), {warmSignInToMessage:F0} ms (next one)",
            $"reload (signed in) to first message on screen: {reloadToMessage:F0} ms",
            $"live message, gRPC client send to browser screen: {shownAt - sentAt:F0} ms",
        };
        foreach (var line in lines)
        {
            output.WriteLine(line);
        }

        await File.WriteAllLinesAsync(Path.Combine(BrowserFixture.ScreenshotDirectory, "measurements.txt"), lines);
        Assert.All(pageFiles, r => Assert.True(r.Bytes > 0, r.Url));
        AssertNoErrors(server);
    }

    [Fact]
    public async Task Root_without_a_built_client_says_how_to_build_it()
    {
        var empty = Directory.CreateTempSubdirectory("orleanschat-no-web-").FullName;
        try
        {
            await using var server = await StartServerAsync(o => o.WebRoot = empty);
            using var http = new HttpClient { BaseAddress = server.WebAddress };
            using var response = await http.GetAsync("/");
            var body = await response.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("web client was not built", body, StringComparison.Ordinal);
            Assert.Contains("dotnet build Silo", body, StringComparison.Ordinal);
            AssertNoErrors(server);
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }

    // Records when each message (by its text) and the first one appear, and when "Sign in" was clicked.
    private const string ArrivalRecorder = """
        (() => {
          window.__arrivals = {};
          window.__firstMessageAt = 0;
          document.addEventListener("click", e => { if (e.target && e.target.id === "signin-button") window.__signInAt = performance.now(); }, true);
          new MutationObserver(() => {
            for (const item of document.querySelectorAll("li.msg[data-seq] .text")) {
              if (!(item.textContent in window.__arrivals)) {
                window.__arrivals[item.textContent] = Date.now();
                window.__firstMessageAt ||= performance.now();
              }
            }
          }).observe(document, { subtree: true, childList: true });
        })();
        """;

    private async Task RestartScenarioAsync(string data, List<ChatServer> servers)
    {
        var room = TestChatServer.NewRoomId("web-restart");
        void Durable(ChatServerOptions o)
        {
            o.InMemoryStorage = false;
            o.DataDirectory = data;
        }

        var first = await StartServerAsync(Durable);
        servers.Add(first);
        var (port, webPort) = (first.Address.Port, first.WebAddress!.Port);
        await using var context = await browser.NewUserAsync();
        var alice = await ChatPage.OpenAsync(context, first.WebAddress);
        await alice.SignInAsync("alice");
        await alice.JoinAsync(room);
        using (var carol = await ChatTestClient.ConnectAsync(first.Address, "carol"))
        {
            await carol.JoinAsync(room);
            await carol.SendAsync(room, "before the restart");
            await Expect(alice.Message("before the restart")).ToBeVisibleAsync();
        }

        // The server stops: the page says so and keeps trying.
        var firstErrors = ErrorCollector(first);
        await first.StopAsync();
        Assert.Empty(firstErrors.Errors);
        await Expect(alice.Banner).ToBeVisibleAsync();
        await Expect(alice.Banner).ToContainTextAsync("Disconnected from the chat server.");
        await alice.ScreenshotAsync("disconnected");

        // The page stays away (offline) while the server comes back on the same ports and data, and carol writes;
        // alice writes too: her message waits as "sending".
        await context.SetOfflineAsync(true);
        await alice.SendAsync("written while disconnected");
        await Expect(alice.Message("written while disconnected")).ToHaveAttributeAsync("data-state", "sending");
        var second = await StartServerAsync(o =>
        {
            Durable(o);
            o.Port = port;
            o.WebPort = webPort;
        });
        servers.Add(second);
        using var carolAgain = await ChatTestClient.ConnectAsync(second.Address, "carol");
        await carolAgain.JoinAsync(room);
        for (var i = 1; i <= 3; i++)
        {
            await carolAgain.SendAsync(room, "missed " + i);
        }

        // Back online: the page resumes after the last seq it saw and sends what waited.
        await context.SetOfflineAsync(false);
        await Expect(alice.Message("written while disconnected")).ToHaveAttributeAsync("data-state", "sent");
        await carolAgain.WaitForTextAsync(room, "written while disconnected");
        await carolAgain.SendAsync(room, "after the restart");
        await Expect(alice.Message("after the restart")).ToBeVisibleAsync();
        await Expect(alice.Banner).ToBeHiddenAsync();

        // Exactly once each, in seq order with no hole, and the same as the room's history.
        var texts = await alice.TextsAsync(room);
        Assert.Equal(["before the restart", "missed 1", "missed 2", "missed 3", "written while disconnected", "after the restart"], texts);
        Assert.Single(carolAgain.Events, e => e.Text == "written while disconnected");
        var seqs = await alice.SeqsAsync(room);
        AssertContiguous(seqs);
        var history = await TestChatServer.CallAsync(second, ChatCalls.GetHistory, new GetHistoryRequest { RoomId = room, Limit = 50 }, "carol");
        Assert.Equal(history.Events.Select(e => e.Seq).Where(s => s >= seqs[0]), seqs);
        await Expect(alice.Page.Locator("li.notice.gap")).ToHaveCountAsync(0);
        await alice.ScreenshotAsync("resumed");
        AssertNoErrors(second);
    }

    private static Task<ChatServer> StartServerAsync(Action<ChatServerOptions>? configure = null) =>
        TestChatServer.StartAsync(o =>
        {
            o.WebPort = 0;
            configure?.Invoke(o);
            if (o.WebRoot == new ChatServerOptions().WebRoot)
            {
                Assert.True(File.Exists(Path.Combine(o.WebRoot, "index.html")),
                    "The built web client is missing from " + o.WebRoot + ": the Silo build copies Web/dist there (it needs npm).");
            }
        });

    private static async Task<(string Url, long Bytes, string Encoding)> TransferredAsync(IRequest request)
    {
        var sizes = await request.SizesAsync();
        var response = await request.ResponseAsync();
        var encoding = response is null ? null : await response.HeaderValueAsync("content-encoding");
        return (request.Url, sizes.ResponseHeadersSize + sizes.ResponseBodySize, encoding ?? "identity");
    }

    private static void AssertContiguous(IReadOnlyList<long> seqs)
    {
        Assert.NotEmpty(seqs);
        Assert.Equal(Enumerable.Range(0, seqs.Count).Select(i => seqs[0] + i), seqs);
    }

    private static ErrorLogCollector ErrorCollector(ChatServer server) =>
        server.Services.GetServices<ILoggerProvider>().OfType<ErrorLogCollector>().Single();

    private static void AssertNoErrors(ChatServer server)
    {
        var errors = TestChatServer.ErrorLogs(server);
        Assert.True(errors.Count == 0, "The server logged errors:\n" + string.Join("\n", errors));
    }
}
