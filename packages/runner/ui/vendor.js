// The dependencies' browser builds set globals (index.html loads them first): one place turns them into imports.
const { h, render } = window.preact;
const hooks = window.preactHooks;

export const html = window.htm.bind(h);
export { render };
export const { useState, useEffect, useRef, useCallback } = hooks;
export const charts = window.LightweightCharts;
