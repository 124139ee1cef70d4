from dedupe.boilerplate import BoilerplateParams, is_furniture, strip_boilerplate


def _story(n):
    return "\n".join(f"Story {n} paragraph {i} about matter number {n * 10 + i}." for i in range(6))


FOOTER = "Get the Valley Herald delivered: our morning briefing, every weekday at 6."


def test_known_furniture_shapes():
    for line in (
        "Advertisement",
        "Share this article",
        "© 2026 Valley Herald. All rights reserved.",
        "This story is from the Tuesday edition.",
        "Photo: Dana Reyes/Valley Herald",
        # one of each other shape: each must pass the quick test on how furniture lines begin or end
        "Sponsored content",
        "Tweet",
        "Copy link",
        "Follow us on Mastodon",
        "Sign up for the morning newsletter in your inbox",
        "Subscribe for email updates",
        "Video | The flood in 40 seconds",
        "Related coverage: the dam",
        "Most read",
        "More on this story",
        "(c) 2025 Wire Service",
        "Click here to read the report",
        "Wire Service (RTRS) - All Rights Reserved.",
        "\u00a9 2026 The Herald Company, all rights reserved",
    ):
        assert is_furniture(line), line
    for line in (
        "The mayor said the dam held.",
        "Crews searched the river for two men.",
        "Read more about the plan at the council website, officials said.",
    ):
        assert not is_furniture(line), line


def test_a_line_recurring_across_different_stories_is_learnt_and_dropped():
    texts = [_story(n) + "\n" + FOOTER for n in range(4)]
    stripped = strip_boilerplate(texts)
    assert all(FOOTER not in text for text in stripped)
    assert stripped[0] == _story(0)


def test_a_wire_story_copied_many_times_keeps_its_own_lines():
    texts = [_story(1)] * 8 + [_story(2) + "\n" + "Advertisement"]
    stripped = strip_boilerplate(texts)
    assert stripped[:8] == [_story(1)] * 8
    assert stripped[8] == _story(2)


def test_too_few_articles_to_learn_from_keeps_unknown_lines():
    texts = [_story(1) + "\n" + FOOTER, _story(2) + "\n" + FOOTER]
    assert strip_boilerplate(texts, BoilerplateParams(min_articles=3)) == texts


def test_an_article_of_only_boilerplate_is_kept_whole():
    assert strip_boilerplate(["Advertisement"]) == ["Advertisement"]
