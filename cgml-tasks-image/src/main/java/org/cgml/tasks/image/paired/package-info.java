/** Any pix2pix "aligned" paired folder (maps, facades, edges2shoes...), A -> B or B -> A. */
package org.cgml.tasks.image.paired;
