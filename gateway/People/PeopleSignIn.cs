using Coordination.Gateway.Data;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;

namespace Coordination.Gateway.People;

/// <summary>Person accounts (ASP.NET Core Identity in the gateway's database) and the short-lived sign-in cookie.</summary>
public static class PeopleSignIn
{
    /// <summary>Only carries the person from the login form back to /connect/authorize; the services never see it.</summary>
    public const string CookieScheme = "people";

    public static WebApplicationBuilder AddPeople(this WebApplicationBuilder builder)
    {
        builder.Services.AddIdentityCore<PersonAccount>(o =>
            {
                // Length over composition rules (NIST SP 800-63B): 10 characters, not all the same few.
                o.Password.RequiredLength = 10;
                o.Password.RequiredUniqueChars = 4;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                // Five wrong passwords lock the account for a quarter of an hour: guessing stays slow.
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Lockout.AllowedForNewUsers = true;
                o.User.RequireUniqueEmail = false;
            })
            .AddEntityFrameworkStores<GatewayDbContext>()
            .AddSignInManager();
        builder.Services.AddAuthentication().AddCookie(CookieScheme, o =>
        {
            o.Cookie.Name = "coordination.people";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.ExpireTimeSpan = TimeSpan.FromMinutes(10);
            o.SlidingExpiration = false;
            o.LoginPath = LoginPage.Path;
        });
        builder.Services.AddAntiforgery();
        return builder;
    }

    public static void MapPeople(WebApplication app)
    {
        LoginPage.Map(app);
        AuthorizationEndpoint.Map(app);
        AccountsApi.Map(app);
    }
}
