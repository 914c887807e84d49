// Intravenous magnesium after myocardial infarction: 16 trials, 1984-1995 (metadat dat.egger2001).
import type { BinaryStudy } from '../src/index.js';

export const magnesium: BinaryStudy[] = [
  { id: 'Morton', year: 1984, events1: 1, n1: 40, events2: 2, n2: 36, design: 'randomised' },
  { id: 'Rasmussen', year: 1986, events1: 9, n1: 135, events2: 23, n2: 135, design: 'randomised' },
  { id: 'Smith', year: 1986, events1: 2, n1: 200, events2: 7, n2: 200, design: 'randomised' },
  { id: 'Abraham', year: 1987, events1: 1, n1: 48, events2: 1, n2: 46, design: 'randomised' },
  { id: 'Feldstedt', year: 1988, events1: 10, n1: 150, events2: 8, n2: 148, design: 'randomised' },
  { id: 'Shechter 1989', year: 1989, events1: 1, n1: 59, events2: 9, n2: 56, design: 'randomised' },
  { id: 'Ceremuzynski', year: 1989, events1: 1, n1: 25, events2: 3, n2: 23, design: 'randomised' },
  { id: 'Bertschat', year: 1989, events1: 0, n1: 22, events2: 1, n2: 21, design: 'randomised' },
  { id: 'Singh', year: 1990, events1: 6, n1: 76, events2: 11, n2: 75, design: 'randomised' },
  { id: 'Pereira', year: 1990, events1: 1, n1: 27, events2: 7, n2: 27, design: 'randomised' },
  { id: 'Shechter 1991', year: 1991, events1: 2, n1: 89, events2: 12, n2: 80, design: 'randomised' },
  { id: 'Golf', year: 1991, events1: 5, n1: 23, events2: 13, n2: 33, design: 'randomised' },
  { id: 'Thogersen', year: 1991, events1: 4, n1: 130, events2: 8, n2: 122, design: 'randomised' },
  { id: 'LIMIT-2', year: 1992, events1: 90, n1: 1159, events2: 118, n2: 1157, design: 'randomised' },
  { id: 'Shechter 1995', year: 1995, events1: 4, n1: 107, events2: 17, n2: 108, design: 'randomised' },
  { id: 'ISIS-4', year: 1995, events1: 2216, n1: 29011, events2: 2103, n2: 29039, design: 'randomised' },
];
