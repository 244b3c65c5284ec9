import { test, mock } from "node:test";
import assert from "node:assert/strict";
import { createPlanFeed } from "../../static/js/train/planfeed.js";

/** A fake server: answers when told to, in any order. */
function fakeServer() {
  const asked = [];
  const post = (config, also) => new Promise((resolve) => asked.push({ config, also, resolve }));
  return { asked, post };
}
const flush = () => new Promise((r) => setImmediate(r));

test("the first settings are asked at once, later ones a moment after the last change", async () => {
  mock.timers.enable({ apis: ["setTimeout"] });
  try {
    const server = fakeServer();
    const seen = [];
    const feed = createPlanFeed({ post: server.post, delay: 200, onPlan: (b) => seen.push(b) });
    assert.equal(feed.want({ bs: 32 }), null);
    assert.equal(server.asked.length, 1);
    server.asked[0].resolve({ plan: { batch_size: 32 } });
    await flush();
    assert.deepEqual(feed.want({ bs: 32 }), { plan: { batch_size: 32 } });
    assert.equal(server.asked.length, 1); // the same settings are not asked again
    feed.want({ bs: 33 });
    feed.want({ bs: 64 }, [1, 8]);
    assert.equal(server.asked.length, 1); // still typing
    mock.timers.tick(199);
    assert.equal(server.asked.length, 1);
    mock.timers.tick(1);
    assert.equal(server.asked.length, 2);
    assert.deepEqual([server.asked[1].config, server.asked[1].also], [{ bs: 64 }, [1, 8]]);
    assert.equal(feed.want({ bs: 64 }, [1, 8]), null); // on its way: the caller shows latest() meanwhile
    assert.deepEqual(feed.latest(), { plan: { batch_size: 32 } });
    server.asked[1].resolve({ plan: { batch_size: 64 } });
    await flush();
    assert.deepEqual(feed.want({ bs: 64 }, [1, 8]), { plan: { batch_size: 64 } });
    assert.deepEqual(seen.map((b) => b.plan.batch_size), [32, 64]);
  } finally {
    mock.timers.reset();
  }
});

test("an answer to older settings that arrives late is dropped", async () => {
  mock.timers.enable({ apis: ["setTimeout"] });
  try {
    const server = fakeServer();
    const feed = createPlanFeed({ post: server.post, delay: 10 });
    feed.want({ n: 1 });
    server.asked[0].resolve({ plan: { n: 1 } });
    await flush();
    feed.want({ n: 2 });
    mock.timers.tick(10);
    feed.want({ n: 3 });
    mock.timers.tick(10);
    assert.equal(server.asked.length, 3);
    server.asked[2].resolve({ plan: { n: 3 } });
    await flush();
    server.asked[1].resolve({ plan: { n: 2 } });
    await flush();
    assert.deepEqual(feed.latest(), { plan: { n: 3 } });
    assert.equal(feed.want({ n: 2 }), null); // n = 2 would be asked again, not taken from the late answer
  } finally {
    mock.timers.reset();
  }
});
