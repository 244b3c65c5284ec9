// A host's `descent-lab:set` state as a typed patch of the page state. Pure: no DOM.
// Values may be given as URL text ("0.1", "-3,4") or as JSON (0.1, [-3, 4], ["0.1", "10"], true); null
// restores a key's default.

import { STATE } from "../descent/state.js";

/** {patch, unknown: [keys not in the state table], invalid: [keys whose value could not be read]} */
export const statePatch = (input) => STATE.patch(input);
